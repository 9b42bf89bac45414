package dev.mia.core.eval;

import java.util.List;

/**
 * The outcome of a CHAIR evaluation over a JSONL file.
 *
 * @param result the metrics over every good line
 * @param badLines the lines skipped under {@link BadLinePolicy#SKIP_AND_REPORT}, in file order
 */
public record ChairReport(ChairResult result, List<BadLine> badLines) {
  /**
   * Copies the list of bad lines.
   *
   * @param result the metrics over every good line
   * @param badLines the lines skipped under {@link BadLinePolicy#SKIP_AND_REPORT}, in file order
   */
  public ChairReport {
    badLines = List.copyOf(badLines);
  }
}
