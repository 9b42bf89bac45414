package dev.mia.formats.augment;

import static java.util.Objects.requireNonNull;

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
 * folder inside the image root to keep those paths free of {@code ..}.
 *
 * <p>Without a store ({@link #inMemory}) composed canvases stay in memory as {@link
 * dev.mia.core.data.ImageRef.InMemory}: the path for samples and pools of in-memory images, whose
 * output the caller uses directly.
 *
 * @param imageRoot the folder the samples' image paths are relative to
 * @param pool the images companions are drawn from
 * @param store where composed images (collages, insets) and in-memory images of the output are
 *     written, or {@code null} to keep them in memory
 */
public record Workspace(Path imageRoot, CompanionPool pool, @Nullable ImageStore store) {
  /**
   * Validates the components and makes the store's paths relative to the image root.
   *
   * @param imageRoot the folder the samples' image paths are relative to
   * @param pool the images companions are drawn from
   * @param store where composed images are written, or {@code null} to keep them in memory
   */
  public Workspace {
    requireNonNull(imageRoot, "imageRoot");
    requireNonNull(pool, "pool");
    if (store != null) {
      store = store.withPathsRelativeTo(imageRoot);
    }
  }

  /**
   * Returns a workspace that writes nothing: composed canvases stay in memory. File references, if
   * any, are read relative to the working directory.
   *
   * @param pool the images companions are drawn from, in memory or on disk
   * @return the workspace
   */
  public static Workspace inMemory(CompanionPool pool) {
    return new Workspace(Path.of("").toAbsolutePath(), pool, null);
  }
}
