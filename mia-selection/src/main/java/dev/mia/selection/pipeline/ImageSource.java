package dev.mia.selection.pipeline;

import static java.util.Objects.requireNonNull;

import dev.mia.core.ImageReadException;
import dev.mia.core.data.AbsolutePaths;
import dev.mia.core.data.ImageRef;
import dev.mia.core.image.ImageLimits;
import dev.mia.core.image.ImageLoader;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

/** Decodes the images samples refer to. Implementations are thread-safe. */
@FunctionalInterface
public interface ImageSource {

  /**
   * Decodes an image.
   *
   * @param ref the reference
   * @return the decoded image
   * @throws ImageReadException if it cannot be read
   */
  BufferedImage load(ImageRef ref);

  /**
   * Returns a source that reads files relative to a root with {@link ImageLoader#read} (RGB,
   * truncation detected, typed errors naming the path, {@link ImageLimits#DEFAULT}), refusing
   * absolute paths, and returns in-memory images as they are: {@code fromRoot(root,
   * AbsolutePaths.REFUSE)}.
   *
   * @param root the folder the data's paths are relative to
   * @return the source
   */
  static ImageSource fromRoot(Path root) {
    return fromRoot(root, AbsolutePaths.REFUSE);
  }

  /**
   * Returns a source that reads files relative to a root with {@link ImageLoader#read} (RGB,
   * truncation detected, typed errors naming the path) and returns in-memory images as they are.
   * Paths are resolved with {@link ImageRef.OnDisk#resolve(Path, AbsolutePaths)}: one that leaves
   * the root, or an absolute one unless allowed, throws {@link dev.mia.core.ImagePathException},
   * which the pipeline reports against the sample and skips.
   *
   * @param root the folder the data's paths are relative to
   * @param absolutePaths whether absolute paths are read or refused
   * @return the source
   */
  static ImageSource fromRoot(Path root, AbsolutePaths absolutePaths) {
    return fromRoot(root, absolutePaths, ImageLimits.DEFAULT);
  }

  /**
   * Returns a source like {@link #fromRoot(Path, AbsolutePaths)} that reads each file with {@link
   * ImageLoader#read(Path, ImageLimits)}: a file over the limits throws {@link
   * dev.mia.core.ImageTooLargeException}, which the pipeline reports against the sample and skips.
   *
   * @param root the folder the data's paths are relative to
   * @param absolutePaths whether absolute paths are read or refused
   * @param limits the pixel and byte limits of one image file
   * @return the source
   */
  static ImageSource fromRoot(Path root, AbsolutePaths absolutePaths, ImageLimits limits) {
    requireNonNull(root, "root");
    requireNonNull(absolutePaths, "absolutePaths");
    requireNonNull(limits, "limits");
    return ref -> {
      if (ref instanceof ImageRef.InMemory inMemory) {
        return inMemory.image();
      }
      return ImageLoader.read(((ImageRef.OnDisk) ref).resolve(root, absolutePaths), limits);
    };
  }
}
