package dev.mia.core.eval;

/** What a JSONL evaluation does with a line it cannot use. */
public enum BadLinePolicy {
  /**
   * Stop at the first bad line with a {@link dev.mia.core.DataFormatException} that names the
   * source, the line and the problem. The default.
   */
  FAIL,
  /**
   * Leave the bad line out of the metrics, record it as a {@link BadLine} in the report and go on;
   * every good line is kept.
   */
  SKIP_AND_REPORT
}
