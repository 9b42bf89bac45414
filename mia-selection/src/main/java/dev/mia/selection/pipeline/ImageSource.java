package dev.mia.selection.pipeline;

import static java.util.Objects.requireNonNull;

import dev.mia.core.ImageReadException;
import dev.mia.core.data.ImageRef;
import dev.mia.core.data.PathPolicy;
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
   * truncation detected, typed errors naming the path, {@link ImageLimits#DEFAULT}), opening only
   * paths inside the root, and returns in-memory images as they are: {@code fromRoot(root,
   * PathPolicy.INSIDE_ROOT)}.
   *
   * @param root the folder the data's paths are relative to
   * @return the source
   */
  static ImageSource fromRoot(Path root) {
    return fromRoot(root, PathPolicy.INSIDE_ROOT);
  }

  /**
   * Returns a source that reads files relative to a root with {@link ImageLoader#read} (RGB,
   * truncation detected, typed errors naming the path) and returns in-memory images as they are.
   * Paths are resolved with {@link ImageRef.OnDisk#resolve(Path, PathPolicy)}: one that leaves the
   * root or an absolute one, unless the policy allows it, throws {@link
   * dev.mia.core.ImagePathException}, which the pipeline reports against the sample and skips.
   *
   * @param root the folder the data's paths are relative to
   * @param pathPolicy which paths are opened
   * @return the source
   */
  static ImageSource fromRoot(Path root, PathPolicy pathPolicy) {
    return fromRoot(root, pathPolicy, ImageLimits.DEFAULT);
  }

  /**
   * Returns a source like {@link #fromRoot(Path, PathPolicy)} that reads each file with {@link
   * ImageLoader#read(Path, ImageLimits)}: a file over the limits throws {@link
   * dev.mia.core.ImageTooLargeException}, which the pipeline reports against the sample and skips.
   *
   * @param root the folder the data's paths are relative to
   * @param pathPolicy which paths are opened
   * @param limits the pixel and byte limits of one image file
   * @return the source
   */
  static ImageSource fromRoot(Path root, PathPolicy pathPolicy, ImageLimits limits) {
    requireNonNull(root, "root");
    requireNonNull(pathPolicy, "pathPolicy");
    requireNonNull(limits, "limits");
    return ref -> {
      if (ref instanceof ImageRef.InMemory inMemory) {
        return inMemory.image();
      }
      return ImageLoader.read(((ImageRef.OnDisk) ref).resolve(root, pathPolicy), limits);
    };
  }
}
