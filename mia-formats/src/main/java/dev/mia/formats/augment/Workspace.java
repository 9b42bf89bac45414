package dev.mia.formats.augment;

import static java.util.Objects.requireNonNull;

import dev.mia.core.data.PathPolicy;
import dev.mia.core.image.ImageLimits;
import dev.mia.formats.store.ImageStore;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Where an augmentation run reads and writes images.
 *
 * <p>Every image path in the output is relative to the one image root: the sources' paths as in the
 * data, and the composed images', because the store is made to return paths relative to the image
 * root ({@link ImageStore#withPathsRelativeTo}). So one root, {@link #imageRoot()}, opens every
 * image of an output file; give it to the writer of trainer formats ({@code
 * TrlPairEncoder.withImageRoot}, {@code SharegptPairEncoder.withImageRoot}). Keep the store's
 * folder inside the image root to keep those paths free of {@code ..}; a store outside it gives
 * paths starting with {@code ../}, which a reader opens only with {@link PathPolicy#ANYWHERE}.
 *
 * <p>Without a store ({@link #inMemory}) composed canvases stay in memory as {@link
 * dev.mia.core.data.ImageRef.InMemory}: the path for samples and pools of in-memory images, whose
 * output the caller uses directly.
 *
 * <p>The samples' image paths are untrusted: each is resolved with {@link
 * dev.mia.core.data.ImageRef.OnDisk#resolve(Path, PathPolicy)}, so a path that leaves {@code
 * imageRoot} or an absolute path, unless {@code pathPolicy} allows it, costs only the sample that
 * owns it (skipped as {@link SkipReason#UNREADABLE_IMAGE}, message naming the sample and the path);
 * as a companion, such a path is left out and the companions are drawn again.
 *
 * <p>Images are read with {@link dev.mia.core.image.ImageLoader#read(Path, ImageLimits)}: a file
 * over {@code imageLimits} (too many bytes, or a declared size over the pixel limit) costs only the
 * sample that owns it too.
 *
 * @param imageRoot the folder the samples' image paths are relative to
 * @param pool the images companions are drawn from
 * @param store where composed images (collages, insets) and in-memory images of the output are
 *     written, or {@code null} to keep them in memory
 * @param pathPolicy which image paths of the samples are opened
 * @param imageLimits the pixel and byte limits of one image file
 */
public record Workspace(
    Path imageRoot,
    CompanionPool pool,
    @Nullable ImageStore store,
    PathPolicy pathPolicy,
    ImageLimits imageLimits) {
  /**
   * Validates the components and makes the store's paths relative to the image root.
   *
   * @param imageRoot the folder the samples' image paths are relative to
   * @param pool the images companions are drawn from
   * @param store where composed images are written, or {@code null} to keep them in memory
   * @param pathPolicy which image paths of the samples are opened
   * @param imageLimits the pixel and byte limits of one image file
   */
  public Workspace {
    requireNonNull(imageRoot, "imageRoot");
    requireNonNull(pool, "pool");
    requireNonNull(pathPolicy, "pathPolicy");
    requireNonNull(imageLimits, "imageLimits");
    if (store != null) {
      store = store.withPathsRelativeTo(imageRoot);
    }
  }

  /**
   * Creates a workspace that opens only image paths inside the root ({@link
   * PathPolicy#INSIDE_ROOT}) and reads images within {@link ImageLimits#DEFAULT}.
   *
   * @param imageRoot the folder the samples' image paths are relative to
   * @param pool the images companions are drawn from
   * @param store where composed images are written, or {@code null} to keep them in memory
   */
  public Workspace(Path imageRoot, CompanionPool pool, @Nullable ImageStore store) {
    this(imageRoot, pool, store, PathPolicy.INSIDE_ROOT, ImageLimits.DEFAULT);
  }

  /**
   * Returns a workspace that writes nothing: composed canvases stay in memory. File references, if
   * any, are read relative to the working directory, inside it ({@link PathPolicy#INSIDE_ROOT}),
   * within {@link ImageLimits#DEFAULT}.
   *
   * @param pool the images companions are drawn from, in memory or on disk
   * @return the workspace
   */
  public static Workspace inMemory(CompanionPool pool) {
    return new Workspace(Path.of("").toAbsolutePath(), pool, null);
  }
}
