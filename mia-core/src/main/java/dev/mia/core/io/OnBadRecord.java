package dev.mia.core.io;

/** What a reader does with a record it cannot turn into a valid value. */
public enum OnBadRecord {
  /** Throw the record's exception, ending the read. The default. */
  FAIL,
  /**
   * Report the record to the reader's listener as a {@link BadRecord} and go on with the next one.
   * Some faults are fatal whatever the policy: a JSON syntax error or invalid UTF-8 inside a JSON
   * array (the next record cannot be found reliably after it), and I/O errors. In JSON lines, each
   * line stands alone, so a line that is not valid UTF-8 or JSON is skipped like any bad record.
   */
  SKIP
}
