package dev.mia.formats.augment;

import static java.util.Objects.requireNonNull;

import dev.mia.formats.store.ImageStore;
import java.nio.file.Path;

/**
 * Where an augmentation run reads and writes images.
 *
 * @param imageRoot the folder the samples' image paths are relative to
 * @param pool the images companions are drawn from
 * @param store where composed images (collages, insets) are written
 */
public record Workspace(Path imageRoot, CompanionPool pool, ImageStore store) {
  /**
   * Validates the components; see the type's documentation for the rules.
   *
   * @param imageRoot the folder the samples' image paths are relative to
   * @param pool the images companions are drawn from
   * @param store where composed images (collages, insets) are written
   */
  public Workspace {
    requireNonNull(imageRoot, "imageRoot");
    requireNonNull(pool, "pool");
    requireNonNull(store, "store");
  }
}
