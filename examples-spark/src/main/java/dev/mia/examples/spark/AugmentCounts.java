package dev.mia.examples.spark;

import static java.util.Objects.requireNonNull;

import dev.mia.core.data.MultiImageFormat;
import dev.mia.formats.augment.AugmentSummary;
import dev.mia.formats.augment.FormatCount;
import dev.mia.formats.augment.SkipReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An {@link AugmentSummary} in a form JSON keeps (its per-format map has record keys), and the sum
 * of several: the summary of a run over the whole input is the sum of its slices'.
 *
 * @param inputs the input samples
 * @param built the samples built
 * @param byFormat the samples built per format and image count; copied
 * @param refusals the refusal samples among them
 * @param skipped the inputs skipped, per reason; copied
 */
public record AugmentCounts(
    long inputs,
    long built,
    List<FormatRow> byFormat,
    long refusals,
    SortedMap<SkipReason, Long> skipped) {
  /** Nothing built. */
  public static final AugmentCounts NONE = new AugmentCounts(0, 0, List.of(), 0, new TreeMap<>());

  /**
   * Copies the collections.
   *
   * @param inputs the input samples
   * @param built the samples built
   * @param byFormat the samples built per format and image count
   * @param refusals the refusal samples
   * @param skipped the inputs skipped, per reason
   */
  public AugmentCounts {
    byFormat = List.copyOf(requireNonNull(byFormat, "byFormat"));
    skipped = new TreeMap<>(requireNonNull(skipped, "skipped"));
  }

  /**
   * One row of the per-format counts.
   *
   * @param format the format
   * @param imageCount the images per sample
   * @param count the samples built
   */
  public record FormatRow(MultiImageFormat format, int imageCount, long count) {
    /**
     * Checks the format.
     *
     * @param format the format
     * @param imageCount the images per sample
     * @param count the samples built
     */
    public FormatRow {
      requireNonNull(format, "format");
    }
  }

  /**
   * Converts a summary.
   *
   * @param summary the summary
   * @return the counts
   */
  public static AugmentCounts of(AugmentSummary summary) {
    List<FormatRow> rows = new ArrayList<>();
    for (Map.Entry<FormatCount, Long> e : summary.byFormat().entrySet()) {
      rows.add(new FormatRow(e.getKey().format(), e.getKey().imageCount(), e.getValue()));
    }
    return new AugmentCounts(
        summary.inputs(), summary.built(), rows, summary.refusals(), summary.skipped());
  }

  /**
   * Returns the counts as the augmenter's summary.
   *
   * @return the summary
   */
  public AugmentSummary toSummary() {
    SortedMap<FormatCount, Long> formats = new TreeMap<>();
    for (FormatRow row : byFormat) {
      formats.merge(new FormatCount(row.format(), row.imageCount()), row.count(), Long::sum);
    }
    return new AugmentSummary(inputs, built, formats, refusals, skipped);
  }

  /**
   * Returns the sum of these counts and others.
   *
   * @param other the other counts
   * @return the sum
   */
  public AugmentCounts plus(AugmentCounts other) {
    SortedMap<FormatCount, Long> formats = new TreeMap<>(toSummary().byFormat());
    other.toSummary().byFormat().forEach((k, v) -> formats.merge(k, v, Long::sum));
    SortedMap<SkipReason, Long> skips = new TreeMap<>(skipped);
    other.skipped().forEach((k, v) -> skips.merge(k, v, Long::sum));
    return of(
        new AugmentSummary(
            inputs + other.inputs, built + other.built, formats, refusals + other.refusals, skips));
  }

  /**
   * Returns the skipped inputs, all reasons together.
   *
   * @return the count
   */
  public long skippedCount() {
    return toSummary().skippedCount();
  }
}
