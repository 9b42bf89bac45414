package dev.mia.core.eval;

import java.util.List;

/**
 * The outcome of a multi-image evaluation over a JSONL file.
 *
 * @param result the counts and rates over every good line
 * @param badLines the lines skipped under {@link BadLinePolicy#SKIP_AND_REPORT}, in file order
 */
public record MultiImageReport(MultiImageResult result, List<BadLine> badLines) {
  /**
   * Copies the list of bad lines.
   *
   * @param result the counts and rates over every good line
   * @param badLines the lines skipped under {@link BadLinePolicy#SKIP_AND_REPORT}, in file order
   */
  public MultiImageReport {
    badLines = List.copyOf(badLines);
  }
}
