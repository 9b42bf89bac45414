package dev.mia.formats.augment;

import static java.util.Objects.requireNonNull;

import dev.mia.core.data.PathPolicy;
import dev.mia.core.image.ImageLimits;
import dev.mia.formats.store.ImageStore;
import java.nio.file.Path;

/**
 * Where an augmentation run reads and writes images.
 *
 * <p>The samples' image paths are untrusted: each is resolved with {@link
 * dev.mia.core.data.ImageRef.OnDisk#resolve(Path, PathPolicy)}, so a path that leaves {@code
 * imageRoot} or an absolute path, unless {@code pathPolicy} allows it, costs only the sample that
 * owns it (skipped as {@link SkipReason#UNREADABLE_IMAGE}, message naming the sample and the path).
 *
 * <p>Images are read with {@link dev.mia.core.image.ImageLoader#read(Path, ImageLimits)}: a file
 * over {@code imageLimits} (too many bytes, or a declared size over the pixel limit) costs only the
 * sample that owns it too.
 *
 * @param imageRoot the folder the samples' image paths are relative to
 * @param pool the images companions are drawn from
 * @param store where composed images (collages, insets) are written
 * @param pathPolicy which image paths of the samples are opened
 * @param imageLimits the pixel and byte limits of one image file
 */
public record Workspace(
    Path imageRoot,
    CompanionPool pool,
    ImageStore store,
    PathPolicy pathPolicy,
    ImageLimits imageLimits) {
  /**
   * Validates the components; see the type's documentation for the rules.
   *
   * @param imageRoot the folder the samples' image paths are relative to
   * @param pool the images companions are drawn from
   * @param store where composed images (collages, insets) are written
   * @param pathPolicy which image paths of the samples are opened
   * @param imageLimits the pixel and byte limits of one image file
   */
  public Workspace {
    requireNonNull(imageRoot, "imageRoot");
    requireNonNull(pool, "pool");
    requireNonNull(store, "store");
    requireNonNull(pathPolicy, "pathPolicy");
    requireNonNull(imageLimits, "imageLimits");
  }

  /**
   * Creates a workspace that opens only image paths inside the root ({@link
   * PathPolicy#INSIDE_ROOT}) and reads images within {@link ImageLimits#DEFAULT}.
   *
   * @param imageRoot the folder the samples' image paths are relative to
   * @param pool the images companions are drawn from
   * @param store where composed images (collages, insets) are written
   */
  public Workspace(Path imageRoot, CompanionPool pool, ImageStore store) {
    this(imageRoot, pool, store, PathPolicy.INSIDE_ROOT, ImageLimits.DEFAULT);
  }
}
