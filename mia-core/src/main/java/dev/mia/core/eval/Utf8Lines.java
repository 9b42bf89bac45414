package dev.mia.core.eval;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Splits a byte stream into lines on {@code '\n'} (which never occurs inside a multi-byte UTF-8
 * sequence) and decodes each line as strict UTF-8: malformed bytes are reported with their line,
 * never replaced. A trailing {@code '\r'} and a leading byte-order mark are dropped.
 */
final class Utf8Lines {
  private static final int CHUNK = 1 << 16;

  /** Receives the lines in order. */
  interface Visitor {
    /** Called with a well-formed line. */
    void line(long number, String text);

    /** Called for a line that is not UTF-8; {@code byteOffset} is 1-based within the line. */
    void malformed(long number, long byteOffset, CharacterCodingException cause);
  }

  private Utf8Lines() {}

  /**
   * Reads {@code in} to its end (not closing it) and visits every line.
   *
   * @throws UncheckedIOException if reading fails
   */
  static void read(InputStream in, String source, Visitor visitor) {
    CharsetDecoder utf8 =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    byte[] chunk = new byte[CHUNK];
    long number = 0;
    try {
      int n;
      while ((n = in.read(chunk)) != -1) {
        int start = 0;
        for (int i = 0; i < n; i++) {
          if (chunk[i] == '\n') {
            line.write(chunk, start, i - start);
            number++;
            visit(line.toByteArray(), number, utf8, visitor);
            line.reset();
            start = i + 1;
          }
        }
        line.write(chunk, start, n - start);
      }
      if (line.size() > 0) {
        number++;
        visit(line.toByteArray(), number, utf8, visitor);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + source + ": " + e.getMessage(), e);
    }
  }

  private static void visit(byte[] bytes, long number, CharsetDecoder utf8, Visitor visitor) {
    int length = bytes.length;
    if (length > 0 && bytes[length - 1] == '\r') {
      length--;
    }
    int offset = 0;
    if (number == 1
        && length >= 3
        && bytes[0] == (byte) 0xEF
        && bytes[1] == (byte) 0xBB
        && bytes[2] == (byte) 0xBF) {
      offset = 3;
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length - offset);
    String text;
    try {
      text = utf8.reset().decode(buffer).toString();
    } catch (CharacterCodingException e) {
      visitor.malformed(number, buffer.position() + 1, e);
      return;
    }
    visitor.line(number, text);
  }
}
