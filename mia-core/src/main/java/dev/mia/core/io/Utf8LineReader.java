package dev.mia.core.io;

import static java.util.Objects.requireNonNull;

import dev.mia.core.DataFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Reads text one line at a time as strict UTF-8: the lines of JSON-lines input ({@link
 * DatasetReader}) and of plain text formats such as a CHAIR vocabulary file.
 *
 * <p>Lines end at {@code '\n'}; the {@code '\r'} of a CRLF and a UTF-8 byte order mark at the start
 * of the input are dropped. Each line's bytes are checked on their own (no overlong forms,
 * surrogates or code points above U+10FFFF; nothing is ever replaced), so a bad line is reported
 * with its exact place, e.g. {@code words.txt: line 2, column 5: invalid UTF-8 byte sequence 0xC3
 * 0x28}, and the lines after it read normally.
 *
 * <p>Does not close the stream: the caller owns it. Not thread-safe: read from one thread.
 */
public final class Utf8LineReader {
  private final String source;
  private final ByteLineReader lines;

  /**
   * Starts reading a stream.
   *
   * @param in the bytes, read as needed and never closed
   * @param source the label to name the input by in messages, e.g. its file name
   */
  public Utf8LineReader(InputStream in, String source) {
    this.source = requireNonNull(source, "source");
    this.lines = new ByteLineReader(requireNonNull(in, "in"));
  }

  /**
   * Reads the next line.
   *
   * @return the line's text without its line end (possibly empty), or {@code null} at the end of
   *     the input
   * @throws DataFormatException if the line is not strict UTF-8, naming the source, the line and
   *     the column (in characters) of the first bad byte sequence; the reader has then moved past
   *     that line, so the next call reads the line after it
   * @throws UncheckedIOException if reading fails
   */
  public @Nullable String readLine() {
    try {
      if (!lines.next()) {
        return null;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + source, e);
    }
    byte[] bytes = lines.bytes();
    int length = lines.length();
    Utf8Checker checker = new Utf8Checker();
    int bad = checker.check(bytes, 0, length);
    if (bad >= 0 || !checker.canEnd()) {
      String problem = bad >= 0 ? checker.problem() : checker.endProblem();
      throw new DataFormatException(
          source, lines.lineNumber(), checker.column(), -1, problem, null);
    }
    return new String(bytes, 0, length, StandardCharsets.UTF_8);
  }

  /**
   * Returns the 1-based number of the line last read, counting blank lines; 0 before the first.
   *
   * @return the line number
   */
  public long lineNumber() {
    return lines.lineNumber();
  }

  /**
   * Returns the label the input is named by in messages.
   *
   * @return the source label
   */
  public String source() {
    return source;
  }
}
