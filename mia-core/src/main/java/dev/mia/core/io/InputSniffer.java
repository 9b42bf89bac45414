package dev.mia.core.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.mia.core.DataFormatException;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Looks at the start of a dataset before it is read: is it a JSON array, JSON lines, empty, or a
 * single JSON object spread over several lines (which JSON lines would report as one bad record per
 * line)? Reads ahead at most {@value #PEEK_LIMIT} bytes and leaves the stream where it was.
 */
final class InputSniffer {
  /** How the input starts. */
  enum Kind {
    /** The first non-blank character is {@code [}. */
    ARRAY,
    /** Anything else: read as JSON lines. */
    LINES,
    /** No bytes, or only whitespace and a byte order mark. */
    EMPTY,
    /** A JSON object whose first line does not close it: not JSON lines. */
    MULTI_LINE_OBJECT
  }

  /** The most bytes looked at; a longer first line is taken for JSON lines. */
  static final int PEEK_LIMIT = 1 << 20;

  /** The problem reported for an empty input. */
  static final String EMPTY =
      "the input is empty (no bytes, or only whitespace), but a dataset must hold at least one"
          + " record (allow empty input with DatasetReader.builder().emptyInput(EmptyInput.ALLOW))";

  /** The problem reported for a single JSON object over several lines. */
  static final String OBJECT =
      "the top level is a single JSON object spread over several lines, but a dataset must be a"
          + " JSON array of records or JSON lines (one object per line)";

  private InputSniffer() {}

  /**
   * Sniffs the input and throws for what can never be read as records.
   *
   * @throws DataFormatException for an empty input under {@link EmptyInput#FAIL} and for a
   *     multi-line object
   */
  static Kind check(BufferedInputStream in, String source, EmptyInput emptyInput)
      throws IOException {
    Kind kind = sniff(in);
    if (kind == Kind.EMPTY && emptyInput == EmptyInput.FAIL) {
      throw new DataFormatException(source, -1, -1, -1, EMPTY, null);
    }
    if (kind == Kind.MULTI_LINE_OBJECT) {
      throw new DataFormatException(source, -1, -1, -1, OBJECT, null);
    }
    return kind;
  }

  static Kind sniff(BufferedInputStream in) throws IOException {
    in.mark(PEEK_LIMIT);
    try {
      int first = firstNonBlank(in);
      if (first < 0) {
        return Kind.EMPTY;
      }
      if (first == '[') {
        return Kind.ARRAY;
      }
      if (first != '{') {
        return Kind.LINES;
      }
    } finally {
      in.reset();
    }
    in.mark(PEEK_LIMIT);
    try {
      return firstObjectSpansLines(in) ? Kind.MULTI_LINE_OBJECT : Kind.LINES;
    } finally {
      in.reset();
    }
  }

  /**
   * The first byte that is not whitespace or part of a leading BOM, or -1 (or 0 past the limit).
   */
  private static int firstNonBlank(InputStream in) throws IOException {
    for (int i = 0; i < PEEK_LIMIT; i++) {
      int b = in.read();
      if (b < 0) {
        return -1;
      }
      boolean skippable =
          b == ' '
              || b == '\t'
              || b == '\r'
              || b == '\n'
              || (i < 3 && (b == 0xEF || b == 0xBB || b == 0xBF));
      if (!skippable) {
        return b;
      }
    }
    return 0;
  }

  /**
   * Whether the first JSON object's tokens reach a later line than its start before it closes.
   * Anything the parser cannot read (bad syntax, bad UTF-8, the peek limit) says no, and the normal
   * read reports it.
   */
  private static boolean firstObjectSpansLines(InputStream in) throws IOException {
    try (JsonParser parser = Jackson.FACTORY.createParser(new Bounded(in))) {
      JsonToken token = parser.nextToken();
      if (token != JsonToken.START_OBJECT) {
        return false;
      }
      int startLine = parser.currentTokenLocation().getLineNr();
      int depth = 1;
      while (depth > 0) {
        token = parser.nextToken();
        if (token == null) {
          return false;
        }
        if (parser.currentTokenLocation().getLineNr() > startLine) {
          return true;
        }
        if (token.isStructStart()) {
          depth++;
        } else if (token.isStructEnd()) {
          depth--;
        }
      }
      return false;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** A view of at most {@link #PEEK_LIMIT} bytes that does not close the stream. */
  private static final class Bounded extends FilterInputStream {
    private int left = PEEK_LIMIT - 1;

    Bounded(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      left--;
      return super.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = super.read(b, off, Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }

    @Override
    public void close() {
      // the caller's stream stays open
    }
  }
}
