package dev.mia.loss.cache;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The bytes of one cache entry, all little-endian:
 *
 * <pre>
 * offset  size  content
 *      0     4  magic "MIAR" (0x4D 0x49 0x41 0x52)
 *      4     4  format version, int32 = 1
 *      8    64  the key's hex, ASCII
 *     72     4  token count n, int32 &gt;= 0
 *     76    4n  the per-token log-probabilities, float32
 *  76+4n     4  CRC32 of bytes [0, 76+4n), as an int32
 * </pre>
 */
final class EntryFormat {
  static final int VERSION = 1;
  private static final byte[] MAGIC = {'M', 'I', 'A', 'R'};
  static final int HEADER = 4 + 4 + 64 + 4;
  private static final int TRAILER = 4;

  /** The largest token count whose entry fits a Java array. */
  static final int MAX_TOKENS = (Integer.MAX_VALUE - 8 - HEADER - TRAILER) / Float.BYTES;

  private EntryFormat() {}

  /** The size of an entry of n tokens. */
  static long size(int n) {
    return (long) HEADER + (long) Float.BYTES * n + TRAILER;
  }

  static long maxSize() {
    return size(MAX_TOKENS);
  }

  /**
   * The token count a header declares, or -1 if the header is not one of this key (magic, version,
   * key) or the count is out of range; {@code header} holds at least {@link #HEADER} bytes.
   */
  static int tokenCount(byte[] header, CacheKey key) {
    if (header.length < HEADER) {
      return -1;
    }
    ByteBuffer buffer = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
    byte[] magic = new byte[MAGIC.length];
    buffer.get(magic);
    if (!Arrays.equals(magic, MAGIC) || buffer.getInt() != VERSION) {
      return -1;
    }
    byte[] hex = new byte[64];
    buffer.get(hex);
    if (!Arrays.equals(hex, key.hex().getBytes(StandardCharsets.US_ASCII))) {
      return -1;
    }
    int n = buffer.getInt();
    return n < 0 || n > MAX_TOKENS ? -1 : n;
  }

  static byte[] encode(CacheKey key, float[] values) {
    ByteBuffer buffer =
        ByteBuffer.allocate(Math.toIntExact(size(values.length))).order(ByteOrder.LITTLE_ENDIAN);
    buffer.put(MAGIC).putInt(VERSION).put(key.hex().getBytes(StandardCharsets.US_ASCII));
    buffer.putInt(values.length);
    for (float v : values) {
      buffer.putFloat(v);
    }
    CRC32 crc = new CRC32();
    crc.update(buffer.array(), 0, buffer.position());
    buffer.putInt((int) crc.getValue());
    return buffer.array();
  }

  /**
   * Decodes and verifies an entry; empty if anything is wrong: magic, version, key, a length that
   * does not match the size, the checksum, or a NaN or {@code +Infinity} value.
   */
  static Optional<float[]> decode(byte[] bytes, CacheKey key) {
    if (bytes.length < HEADER + TRAILER) {
      return Optional.empty();
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    byte[] magic = new byte[MAGIC.length];
    buffer.get(magic);
    if (!Arrays.equals(magic, MAGIC) || buffer.getInt() != VERSION) {
      return Optional.empty();
    }
    byte[] hex = new byte[64];
    buffer.get(hex);
    if (!Arrays.equals(hex, key.hex().getBytes(StandardCharsets.US_ASCII))) {
      return Optional.empty();
    }
    int n = buffer.getInt();
    if (n < 0 || n > MAX_TOKENS || size(n) != bytes.length) {
      return Optional.empty();
    }
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, bytes.length - TRAILER);
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = buffer.getFloat();
    }
    if (buffer.getInt() != (int) crc.getValue()) {
      return Optional.empty();
    }
    for (float v : values) {
      if (Float.isNaN(v) || v == Float.POSITIVE_INFINITY) {
        return Optional.empty();
      }
    }
    return Optional.of(values);
  }
}
