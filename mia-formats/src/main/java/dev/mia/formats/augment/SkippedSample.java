package dev.mia.formats.augment;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * A sample that gave no multi-image sample, and why.
 *
 * @param index the sample's 0-based position in the input
 * @param sampleId the sample's id
 * @param reason the kind of problem
 * @param message what went wrong, naming the sample id (and the image path for an unreadable image)
 * @param imagePath the path of the image that could not be read, or {@code null}
 */
public record SkippedSample(
    long index, String sampleId, SkipReason reason, String message, @Nullable String imagePath) {
  /**
   * Validates the components; see the type's documentation for the rules.
   *
   * @param index the sample's 0-based position in the input
   * @param sampleId the sample's id
   * @param reason the kind of problem
   * @param message what went wrong, naming the sample id (and the image path for an unreadable
   *     image)
   * @param imagePath the path of the image that could not be read, or {@code null}
   */
  public SkippedSample {
    requireNonNull(sampleId, "sampleId");
    requireNonNull(reason, "reason");
    requireNonNull(message, "message");
    if (index < 0) {
      throw new IllegalArgumentException("index must be >= 0, but is: " + index);
    }
  }
}
