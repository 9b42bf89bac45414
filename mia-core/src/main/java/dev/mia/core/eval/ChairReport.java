package dev.mia.core.eval;

import dev.mia.core.io.BadRecord;
import dev.mia.core.io.OnBadRecord;
import java.util.List;

/**
 * The outcome of a CHAIR evaluation over a JSONL file.
 *
 * @param result the metrics over every good line
 * @param badRecords the lines skipped under {@link OnBadRecord#SKIP}, in file order
 */
public record ChairReport(ChairResult result, List<BadRecord> badRecords) {
  /**
   * Copies the list of skipped lines.
   *
   * @param result the metrics over every good line
   * @param badRecords the lines skipped under {@link OnBadRecord#SKIP}, in file order
   */
  public ChairReport {
    badRecords = List.copyOf(badRecords);
  }
}
