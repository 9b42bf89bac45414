package dev.mia.core.io;

/**
 * Strict, incremental UTF-8 validation after the Unicode Standard's table 3-7 of well-formed byte
 * sequences: no overlong forms, no surrogates (U+D800..U+DFFF), nothing above U+10FFFF. It tracks
 * the 1-based line and column (in characters) of the sequence it is checking, so an error can say
 * where it is.
 */
final class Utf8Checker {
  private int need;
  private int lo = 0x80;
  private int hi = 0xBF;
  private final int[] sequence = new int[4];
  private int sequenceLength;
  private long line = 1;
  private long column;
  private long sequenceLine = 1;
  private long sequenceColumn;

  /**
   * Checks bytes that follow the ones checked before.
   *
   * @param bytes the buffer
   * @param offset where the new bytes start
   * @param length how many bytes
   * @return -1 if they are valid so far; otherwise the index in {@code bytes} where the invalid
   *     sequence starts, or {@code offset} if it started in an earlier call
   */
  int check(byte[] bytes, int offset, int length) {
    int start = offset;
    for (int i = offset; i < offset + length; i++) {
      int b = bytes[i] & 0xFF;
      if (need == 0) {
        start = i;
        sequenceLength = 0;
        sequence[sequenceLength++] = b;
        column++;
        sequenceLine = line;
        sequenceColumn = column;
        if (b < 0x80) {
          if (b == '\n') {
            line++;
            column = 0;
          }
          continue;
        }
        if (!startMultiByte(b)) {
          return start;
        }
      } else {
        sequence[sequenceLength++] = b;
        if (b < lo || b > hi) {
          return start;
        }
        need--;
        lo = 0x80;
        hi = 0xBF;
      }
    }
    return -1;
  }

  private boolean startMultiByte(int b) {
    lo = 0x80;
    hi = 0xBF;
    if (b >= 0xC2 && b <= 0xDF) {
      need = 1;
    } else if (b >= 0xE0 && b <= 0xEF) {
      need = 2;
      if (b == 0xE0) {
        lo = 0xA0;
      } else if (b == 0xED) {
        hi = 0x9F;
      }
    } else if (b >= 0xF0 && b <= 0xF4) {
      need = 3;
      if (b == 0xF0) {
        lo = 0x90;
      } else if (b == 0xF4) {
        hi = 0x8F;
      }
    } else {
      return false;
    }
    return true;
  }

  /**
   * Tells whether the input may end here, i.e. not inside a multi-byte character.
   *
   * @return true if no character is left incomplete
   */
  boolean canEnd() {
    return need == 0;
  }

  /**
   * Describes the invalid sequence found by {@link #check}, or the incomplete one left open at the
   * end of the input if {@link #canEnd()} is false there.
   *
   * @return the problem, e.g. {@code invalid UTF-8 byte sequence 0xC3 0x28}
   */
  String problem() {
    StringBuilder text = new StringBuilder("invalid UTF-8 byte sequence");
    for (int i = 0; i < sequenceLength; i++) {
      text.append(String.format(" 0x%02X", sequence[i]));
    }
    return text.toString();
  }

  /**
   * Describes the character left incomplete at the end of the input.
   *
   * @return the problem, e.g. {@code invalid UTF-8 byte sequence 0xC3 (the input ends inside a
   *     character)}
   */
  String endProblem() {
    return problem() + " (the input ends inside a character)";
  }

  /**
   * Returns the 1-based line of the sequence last checked.
   *
   * @return the line
   */
  long line() {
    return sequenceLine;
  }

  /**
   * Returns the 1-based column, in characters, of the sequence last checked.
   *
   * @return the column
   */
  long column() {
    return sequenceColumn;
  }
}
