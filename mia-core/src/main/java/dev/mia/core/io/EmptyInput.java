package dev.mia.core.io;

/**
 * What a {@link DatasetReader} does with an input that holds nothing: no bytes, or only whitespace
 * (and a byte order mark). Such a file is usually a failed download or export, and reading it as
 * zero records would let a run "succeed" with no output.
 */
public enum EmptyInput {
  /**
   * Throw a {@link dev.mia.core.DataFormatException} naming the input when it is opened; the
   * default.
   */
  FAIL,
  /** Read it as zero records, for callers to whom an empty file is a valid dataset. */
  ALLOW
}
