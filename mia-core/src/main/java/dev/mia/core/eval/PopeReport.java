package dev.mia.core.eval;

import dev.mia.core.io.BadRecord;
import dev.mia.core.io.OnBadRecord;
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
 * @param badRecords the lines skipped under {@link OnBadRecord#SKIP}, in file order
 */
public record PopeReport(
    PopeResult overall, Map<String, PopeResult> bySplit, List<BadRecord> badRecords) {
  /**
   * Copies the components; {@code bySplit} is kept sorted by split name.
   *
   * @param overall the metrics over every good line
   * @param bySplit the metrics per value of the {@code split} field, ordered by split name; lines
   *     without a split count only in {@code overall}
   * @param badRecords the lines skipped under {@link OnBadRecord#SKIP}, in file order
   * @throws NullPointerException if a component or element is null
   */
  public PopeReport {
    bySplit = Collections.unmodifiableSortedMap(new TreeMap<>(bySplit));
    badRecords = List.copyOf(badRecords);
  }
}
