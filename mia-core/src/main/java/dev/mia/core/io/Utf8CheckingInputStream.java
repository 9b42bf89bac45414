package dev.mia.core.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/**
 * Passes bytes through while checking that they are strict UTF-8 ({@link Utf8Checker}).
 *
 * <p>Jackson's own UTF-8 decoding accepts overlong forms, encoded surrogates and sequences above
 * U+10FFFF (it maps them to garbage characters), so mia checks the bytes before Jackson sees them.
 * The stream hands out every byte before an invalid sequence and then throws {@link
 * MalformedUtf8Exception}; a parser reading from it has therefore consumed exactly the input before
 * the fault when the exception reaches it, so the record it is reading is the one at fault.
 */
final class Utf8CheckingInputStream extends FilterInputStream {
  private final Utf8Checker checker = new Utf8Checker();
  private @Nullable MalformedUtf8Exception pending;

  Utf8CheckingInputStream(InputStream in) {
    super(in);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] bytes, int offset, int length) throws IOException {
    if (pending != null) {
      throw pending;
    }
    if (length == 0) {
      return 0;
    }
    int n = in.read(bytes, offset, length);
    if (n < 0) {
      if (!checker.canEnd()) {
        pending =
            new MalformedUtf8Exception(checker.line(), checker.column(), checker.endProblem());
        throw pending;
      }
      return -1;
    }
    int bad = checker.check(bytes, offset, n);
    if (bad < 0) {
      return n;
    }
    pending = new MalformedUtf8Exception(checker.line(), checker.column(), checker.problem());
    if (bad > offset) {
      return bad - offset;
    }
    throw pending;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] scratch = new byte[(int) Math.min(n, 8192)];
    long skipped = 0;
    while (skipped < n) {
      int read = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
      if (read < 0) {
        break;
      }
      skipped += read;
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public synchronized void mark(int readLimit) {
    // not supported: see markSupported()
  }

  @Override
  public synchronized void reset() throws IOException {
    throw new IOException("mark/reset is not supported");
  }
}
