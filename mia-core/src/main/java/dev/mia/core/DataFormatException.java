package dev.mia.core;

import org.jspecify.annotations.Nullable;

/**
 * Input that cannot be parsed: malformed JSON, a JSONL line that is not an object, bytes that are
 * not UTF-8, a record of the wrong shape.
 *
 * <p>The message names the source and where in it the problem is: a line and column for text, or
 * the record's index in a top-level JSON array (0-based), e.g. {@code data.json: line 3, column 17
 * (record 1): Unexpected character ('}' (code 125))}.
 */
public class DataFormatException extends MiaException {
  private static final long serialVersionUID = 1L;

  /** The label of the input. */
  private final String source;

  /** The 1-based line, or -1. */
  private final long line;

  /** The 1-based column, or -1. */
  private final long column;

  /** The 0-based record index, or -1. */
  private final long recordIndex;

  /**
   * Creates an exception that locates the problem in its source.
   *
   * @param source the file name or other label of the input
   * @param line the 1-based line, or -1 if unknown
   * @param column the 1-based column, or -1 if unknown
   * @param recordIndex the 0-based index of the record, or -1 if unknown
   * @param problem what is wrong, without the location
   * @param cause the parser's exception, or {@code null}
   */
  public DataFormatException(
      String source,
      long line,
      long column,
      long recordIndex,
      String problem,
      @Nullable Throwable cause) {
    super(describe(source, line, column, recordIndex) + ": " + problem, cause);
    this.source = source;
    this.line = line;
    this.column = column;
    this.recordIndex = recordIndex;
  }

  private static String describe(String source, long line, long column, long recordIndex) {
    StringBuilder where = new StringBuilder(source);
    if (line > 0) {
      where.append(": line ").append(line);
      if (column > 0) {
        where.append(", column ").append(column);
      }
    }
    if (recordIndex >= 0) {
      where.append(line > 0 ? " (record " : ": record ").append(recordIndex);
      if (line > 0) {
        where.append(')');
      }
    }
    return where.toString();
  }

  /**
   * Returns the label of the input, usually its file name.
   *
   * @return the source label
   */
  public String source() {
    return source;
  }

  /**
   * Returns the 1-based line of the problem.
   *
   * @return the line, or -1 if unknown
   */
  public long line() {
    return line;
  }

  /**
   * Returns the 1-based column of the problem.
   *
   * @return the column, or -1 if unknown
   */
  public long column() {
    return column;
  }

  /**
   * Returns the 0-based index of the record that holds the problem.
   *
   * @return the record index, or -1 if unknown
   */
  public long recordIndex() {
    return recordIndex;
  }
}
