package dev.mia.core.eval;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome of a POPE evaluation over a JSONL file.
 *
 * @param overall the metrics over every good line
 * @param bySplit the metrics per value of the {@code split} field, ordered by split name; lines
 *     without a split count only in {@code overall}
 * @param badLines the lines skipped under {@link BadLinePolicy#SKIP_AND_REPORT}, in file order
 */
public record PopeReport(
    PopeResult overall, Map<String, PopeResult> bySplit, List<BadLine> badLines) {
  /**
   * Copies the components; {@code bySplit} is kept sorted by split name.
   *
   * @param overall the metrics over every good line
   * @param bySplit the metrics per value of the {@code split} field, ordered by split name; lines
   *     without a split count only in {@code overall}
   * @param badLines the lines skipped under {@link BadLinePolicy#SKIP_AND_REPORT}, in file order
   * @throws NullPointerException if a component or element is null
   */
  public PopeReport {
    bySplit = Collections.unmodifiableSortedMap(new TreeMap<>(bySplit));
    badLines = List.copyOf(badLines);
  }
}
