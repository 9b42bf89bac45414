package dev.mia.formats.augment;

import static java.util.Objects.requireNonNull;

import dev.mia.core.data.MultiImageFormat;
import java.util.Comparator;

/**
 * A format and an image count, the key of {@link AugmentSummary}'s counts; ordered by format, then
 * count.
 *
 * @param format the format
 * @param imageCount the number of source images
 */
public record FormatCount(MultiImageFormat format, int imageCount)
    implements Comparable<FormatCount> {
  private static final Comparator<FormatCount> ORDER =
      Comparator.comparing(FormatCount::format).thenComparingInt(FormatCount::imageCount);

  /**
   * Validates the components; see the type's documentation for the rules.
   *
   * @param format the format
   * @param imageCount the number of source images
   */
  public FormatCount {
    requireNonNull(format, "format");
  }

  @Override
  public int compareTo(FormatCount other) {
    return ORDER.compare(this, other);
  }

  /** {@return for example {@code GRID/4}} */
  @Override
  public String toString() {
    return format + "/" + imageCount;
  }
}
