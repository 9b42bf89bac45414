package dev.mia.formats.augment;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
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
   * and skip reasons.
   *
   * @return the table, lines ending in {@code \n}
   */
  public String table() {
    StringBuilder out = new StringBuilder();
    out.append(String.format("%-22s %8d%n", "inputs", inputs));
    for (Map.Entry<FormatCount, Long> e : byFormat.entrySet()) {
      String name = e.getKey().format().name().toLowerCase(java.util.Locale.ROOT);
      out.append(
          String.format(
              "%-22s %8d%n", name + ", " + e.getKey().imageCount() + " images", e.getValue()));
    }
    if (refusals > 0) {
      out.append(String.format("%-22s %8d%n", "sequence refusals", refusals));
    }
    out.append(String.format("%-22s %8d%n", "built", built));
    for (Map.Entry<SkipReason, Long> e : skipped.entrySet()) {
      String name = "skipped " + e.getKey().name().toLowerCase(java.util.Locale.ROOT);
      out.append(String.format("%-22s %8d%n", name, e.getValue()));
    }
    return out.toString().replace(System.lineSeparator(), "\n");
  }
}
