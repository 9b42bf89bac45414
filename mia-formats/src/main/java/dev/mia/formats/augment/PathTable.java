package dev.mia.formats.augment;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Image paths packed as UTF-8 bytes for {@link CompanionPool}: about 35 bytes per path instead of
 * the 110 or so of a {@code String} in a {@code TreeSet}, so LLaVA-665k's paths take some 25 MB.
 *
 * <p>Entries are appended to 256 KiB chunks ({@code [length: 2 bytes, big-endian][bytes]}, never
 * spanning two chunks) and named by a position {@code chunk * 2^18 + offset}. Appended bytes are
 * never changed, so a pool built from the table shares the chunks safely while its builder goes on
 * appending. Order is that of the UTF-8 bytes, which is code point order.
 */
final class PathTable {
  // 256 KiB: under half of G1's smallest region (1 MiB), so a chunk is never a humongous object
  // that wastes the rest of its regions (a 1 MiB chunk takes two 1 MiB regions in a small heap).
  private static final int CHUNK_BITS = 18;
  private static final int CHUNK = 1 << CHUNK_BITS;

  /** The longest path in UTF-8 bytes: its length must fit the 2-byte prefix. */
  static final int MAX_PATH_BYTES = 0xFFFF;

  private final List<byte[]> chunks = new ArrayList<>();
  private int used = CHUNK;

  /** Appends a path's bytes and returns its position. */
  int append(String path) {
    byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > MAX_PATH_BYTES) {
      throw new IllegalArgumentException(
          "path must be at most " + MAX_PATH_BYTES + " UTF-8 bytes, but has: " + bytes.length);
    }
    if (used + 2 + bytes.length > CHUNK) {
      if (chunks.size() >= (1 << (31 - CHUNK_BITS))) {
        throw new IllegalStateException("the pool holds more than 2 GiB of paths");
      }
      chunks.add(new byte[CHUNK]);
      used = 0;
    }
    byte[] chunk = chunks.get(chunks.size() - 1);
    int position = ((chunks.size() - 1) << CHUNK_BITS) | used;
    chunk[used] = (byte) (bytes.length >>> 8);
    chunk[used + 1] = (byte) bytes.length;
    System.arraycopy(bytes, 0, chunk, used + 2, bytes.length);
    used += 2 + bytes.length;
    return position;
  }

  /** The chunks written so far, for a pool to read. */
  byte[][] snapshot() {
    return chunks.toArray(new byte[0][]);
  }

  /** The path at a position. */
  static String get(byte[][] chunks, int position) {
    byte[] chunk = chunks[position >>> CHUNK_BITS];
    int at = position & (CHUNK - 1);
    return new String(chunk, at + 2, length(chunk, at), StandardCharsets.UTF_8);
  }

  /** Compares the entries at two positions by their bytes, unsigned. */
  static int compare(byte[][] chunks, int a, int b) {
    byte[] ca = chunks[a >>> CHUNK_BITS];
    int oa = a & (CHUNK - 1);
    byte[] cb = chunks[b >>> CHUNK_BITS];
    int ob = b & (CHUNK - 1);
    return Arrays.compareUnsigned(
        ca, oa + 2, oa + 2 + length(ca, oa), cb, ob + 2, ob + 2 + length(cb, ob));
  }

  /** Compares the entry at a position with some bytes, unsigned. */
  static int compare(byte[][] chunks, int position, byte[] bytes) {
    byte[] chunk = chunks[position >>> CHUNK_BITS];
    int at = position & (CHUNK - 1);
    return Arrays.compareUnsigned(
        chunk, at + 2, at + 2 + length(chunk, at), bytes, 0, bytes.length);
  }

  private static int length(byte[] chunk, int at) {
    return ((chunk[at] & 0xFF) << 8) | (chunk[at + 1] & 0xFF);
  }

  /**
   * Sorts positions by their entries' bytes and drops duplicates; returns a new array of the
   * distinct positions in order. A stable merge sort over ints: no boxing.
   */
  static int[] sortedDistinct(byte[][] chunks, int[] positions, int count) {
    int[] a = Arrays.copyOf(positions, count);
    int[] tmp = new int[count];
    for (int width = 1; width < count; width *= 2) {
      for (int lo = 0; lo < count - width; lo += 2 * width) {
        int mid = lo + width;
        int hi = Math.min(lo + 2 * width, count);
        int i = lo;
        int j = mid;
        int k = lo;
        while (i < mid && j < hi) {
          tmp[k++] = compare(chunks, a[i], a[j]) <= 0 ? a[i++] : a[j++];
        }
        while (i < mid) {
          tmp[k++] = a[i++];
        }
        while (j < hi) {
          tmp[k++] = a[j++];
        }
        System.arraycopy(tmp, lo, a, lo, hi - lo);
      }
    }
    int distinct = 0;
    for (int i = 0; i < count; i++) {
      if (distinct == 0 || compare(chunks, a[distinct - 1], a[i]) != 0) {
        a[distinct++] = a[i];
      }
    }
    return Arrays.copyOf(a, distinct);
  }

  /** The index of {@code bytes} among sorted distinct positions, or a negative number. */
  static int binarySearch(byte[][] chunks, int[] sorted, byte[] bytes) {
    int lo = 0;
    int hi = sorted.length - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = compare(chunks, sorted[mid], bytes);
      if (c < 0) {
        lo = mid + 1;
      } else if (c > 0) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -(lo + 1);
  }
}
