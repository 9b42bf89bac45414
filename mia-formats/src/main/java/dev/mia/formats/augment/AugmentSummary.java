package dev.mia.formats.augment;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What an augmentation run made: counts per format and image count, refusal samples, and skipped
 * inputs per reason.
 *
 * @param inputs how many input samples were read
 * @param built how many samples were built, refusals included
 * @param byFormat the built samples other than refusals, per format and image count
 * @param refusals how many refusal samples were built
 * @param skipped the skipped inputs per reason
 */
public record AugmentSummary(
    long inputs,
    long built,
    SortedMap<FormatCount, Long> byFormat,
    long refusals,
    SortedMap<SkipReason, Long> skipped) {
  /**
   * Validates the components; see the type's documentation for the rules.
   *
   * @param inputs how many input samples were read
   * @param built how many samples were built, refusals included
   * @param byFormat the built samples other than refusals, per format and image count
   * @param refusals how many refusal samples were built
   * @param skipped the skipped inputs per reason
   */
  public AugmentSummary {
    byFormat =
        Collections.unmodifiableSortedMap(new TreeMap<>(requireNonNull(byFormat, "byFormat")));
    skipped = Collections.unmodifiableSortedMap(new TreeMap<>(requireNonNull(skipped, "skipped")));
  }

  /**
   * Returns the number of skipped inputs.
   *
   * @return the sum over reasons
   */
  public long skippedCount() {
    long sum = 0;
    for (long n : skipped.values()) {
      sum += n;
    }
    return sum;
  }

  /**
   * Formats the counts as a small text table, one line per format and image count, then refusals
   * and skip reasons: each line a label padded to the longest label (at least 22 characters), a
   * space, and the count right-aligned in 8 characters.
   *
   * @return the table, lines ending in {@code \n}
   */
  public String table() {
    Map<String, Long> rows = new LinkedHashMap<>();
    rows.put("inputs", inputs);
    for (Map.Entry<FormatCount, Long> e : byFormat.entrySet()) {
      String name = e.getKey().format().name().toLowerCase(Locale.ROOT);
      rows.put(name + ", " + e.getKey().imageCount() + " images", e.getValue());
    }
    if (refusals > 0) {
      rows.put("sequence refusals", refusals);
    }
    rows.put("built", built);
    for (Map.Entry<SkipReason, Long> e : skipped.entrySet()) {
      rows.put("skipped " + e.getKey().name().toLowerCase(Locale.ROOT), e.getValue());
    }
    int width = 22;
    for (String label : rows.keySet()) {
      width = Math.max(width, label.length());
    }
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, Long> row : rows.entrySet()) {
      out.append(
          String.format(Locale.ROOT, "%-" + width + "s %8d\n", row.getKey(), row.getValue()));
    }
    return out.toString();
  }
}
