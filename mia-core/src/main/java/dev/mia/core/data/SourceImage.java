package dev.mia.core.data;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * Which image went into a slot of a multi-image sample (an image of a sequence, a tile of a grid,
 * the background or the inner picture of a pic-in-pic): its id and its content hash, so that a user
 * can audit a collage and map attention back to source images without decoding anything.
 *
 * @param id the image's id: the path as in the data for an {@link ImageRef.OnDisk}, {@code
 *     memory:<sha256>} for an {@link ImageRef.InMemory}; never blank
 * @param sha256 the image's content hash ({@link ImageRef#contentHash()}), or {@code null} if it
 *     was not computed (a sequence built without opening its files)
 */
public record SourceImage(String id, @Nullable String sha256) {
  /** The prefix of an in-memory image's id. */
  public static final String MEMORY_PREFIX = "memory:";

  /**
   * Validates the components; see the type's documentation for the rules.
   *
   * @param id the image's id; never blank
   * @param sha256 the lower-case hex SHA-256 of the content, or {@code null} if unknown
   */
  public SourceImage {
    requireNonNull(id, "id");
    if (id.isBlank()) {
      throw new IllegalArgumentException("id must not be blank");
    }
    if (sha256 != null && !sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException(
          "sha256 must be 64 lower-case hex digits, but is: " + sha256);
    }
  }

  /**
   * Returns the source of an image reference.
   *
   * @param image the reference
   * @return its id ({@link #idOf}) and its content hash if known
   */
  public static SourceImage of(ImageRef image) {
    return new SourceImage(idOf(image), image.contentHash().orElse(null));
  }

  /**
   * Returns the id of an image reference: the path of an {@link ImageRef.OnDisk}, {@code
   * memory:<sha256>} for an {@link ImageRef.InMemory}.
   *
   * @param image the reference
   * @return the id
   */
  public static String idOf(ImageRef image) {
    if (image instanceof ImageRef.OnDisk onDisk) {
      return onDisk.path();
    }
    return MEMORY_PREFIX + ((ImageRef.InMemory) image).sha256();
  }
}
