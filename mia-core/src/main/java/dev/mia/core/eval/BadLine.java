package dev.mia.core.eval;

/**
 * A JSONL line that was skipped under {@link BadLinePolicy#SKIP_AND_REPORT}.
 *
 * @param line the 1-based line number
 * @param column the 1-based column of the problem, or -1 if unknown
 * @param problem what was wrong, e.g. {@code field 'label' must be "yes" or "no", but is: "maybe"}
 */
public record BadLine(long line, long column, String problem) {
  /**
   * Validates the components.
   *
   * @param line the 1-based line number
   * @param column the 1-based column of the problem, or -1 if unknown
   * @param problem what was wrong, e.g. {@code field 'label' must be "yes" or "no", but is:
   *     "maybe"}
   * @throws IllegalArgumentException if {@code line < 1}, {@code column} is 0 or below -1, or the
   *     problem is blank
   */
  public BadLine {
    if (line < 1) {
      throw new IllegalArgumentException("line must be >= 1, but is: " + line);
    }
    if (column < -1 || column == 0) {
      throw new IllegalArgumentException("column must be >= 1 or -1, but is: " + column);
    }
    if (problem.isBlank()) {
      throw new IllegalArgumentException("problem must not be blank");
    }
  }
}
