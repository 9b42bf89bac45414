package dev.mia.core.io;

import java.io.IOException;

/** Bytes that are not UTF-8, found by {@link Utf8CheckingInputStream}; located in the input. */
final class MalformedUtf8Exception extends IOException {
  private static final long serialVersionUID = 1L;

  private final long line;
  private final long column;
  private final String problem;

  MalformedUtf8Exception(long line, long column, String problem) {
    super("line " + line + ", column " + column + ": " + problem);
    this.line = line;
    this.column = column;
    this.problem = problem;
  }

  long line() {
    return line;
  }

  long column() {
    return column;
  }

  String problem() {
    return problem;
  }
}
