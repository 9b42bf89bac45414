package dev.mia.core.eval;

import dev.mia.core.io.BadRecord;
import dev.mia.core.io.OnBadRecord;
import java.util.List;

/**
 * The outcome of a multi-image evaluation over a JSONL file.
 *
 * @param result the counts and rates over every good line
 * @param badRecords the lines skipped under {@link OnBadRecord#SKIP}, in file order
 */
public record MultiImageReport(MultiImageResult result, List<BadRecord> badRecords) {
  /**
   * Copies the list of skipped lines.
   *
   * @param result the counts and rates over every good line
   * @param badRecords the lines skipped under {@link OnBadRecord#SKIP}, in file order
   */
  public MultiImageReport {
    badRecords = List.copyOf(badRecords);
  }
}
