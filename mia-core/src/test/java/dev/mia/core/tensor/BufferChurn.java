package dev.mia.core.tensor;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Garbage-collector pressure for tests of memory that Java buffers lend to PyTorch. */
final class BufferChurn {
  private BufferChurn() {}

  /**
   * Frees unreachable direct buffers, then allocates and drops 200 buffers of {@code bytes} bytes
   * filled with {@code fill}, as a busy JVM would reuse the freed memory.
   */
  static void churn(int bytes, long fill) {
    System.gc();
    List<ByteBuffer> junk = new ArrayList<>();
    for (int k = 0; k < 200; k++) {
      ByteBuffer b = ByteBuffer.allocateDirect(bytes);
      for (int i = 0; i + 8 <= bytes; i += 8) {
        b.putLong(i, fill);
      }
      junk.add(b);
    }
    junk.clear();
  }
}
