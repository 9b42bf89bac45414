package dev.mia.selection.pipeline;

import static java.util.Objects.requireNonNull;

import dev.mia.core.ImageReadException;
import dev.mia.core.data.ImageRef;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Decodes the images samples refer to. Implementations are thread-safe. */
@FunctionalInterface
public interface ImageLoader {

  /**
   * Decodes an image.
   *
   * @param ref the reference
   * @return the decoded image
   * @throws ImageReadException if it cannot be read
   */
  BufferedImage load(ImageRef ref);

  /**
   * Returns a loader that reads files relative to a root with ImageIO and returns in-memory images
   * as they are.
   *
   * @param root the folder the data's paths are relative to
   * @return the loader
   */
  static ImageLoader fromRoot(Path root) {
    requireNonNull(root, "root");
    return ref -> {
      if (ref instanceof ImageRef.InMemory inMemory) {
        return inMemory.image();
      }
      Path path = ((ImageRef.OnDisk) ref).resolve(root);
      if (!Files.isRegularFile(path)) {
        throw new ImageReadException(path, "file not found", null);
      }
      try {
        BufferedImage image = ImageIO.read(path.toFile());
        if (image == null) {
          throw new ImageReadException(path, "no installed ImageIO reader decodes it", null);
        }
        return image;
      } catch (IOException e) {
        throw new ImageReadException(path, "file is truncated or corrupt: " + e.getMessage(), e);
      }
    };
  }
}
