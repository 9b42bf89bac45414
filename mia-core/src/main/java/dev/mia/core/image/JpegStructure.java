package dev.mia.core.image;

/**
 * Checks that JPEG bytes are complete: that walking the marker segments from the start-of-image
 * marker, through every scan's entropy-coded data, reaches an end-of-image marker. ImageIO's JPEG
 * readers decode a truncated file without an exception (they fill the missing part with grey), so
 * {@link ImageLoader} checks the structure itself.
 *
 * <p>The walk follows ITU-T T.81 (annex B): a marker is {@code 0xFF} followed by a code; fill bytes
 * {@code 0xFF} may precede it; segments other than SOI, EOI, TEM and RST0..7 carry a two-byte
 * big-endian length that counts itself; after a start-of-scan segment, entropy-coded data runs
 * until a marker other than a stuffed zero ({@code FF 00}) or a restart marker. Segments are
 * skipped by their length, so an EXIF thumbnail's own end marker inside APP1 is not mistaken for
 * the image's; bytes after the end marker (trailers, a second picture of an MPO file) are ignored.
 */
final class JpegStructure {
  private static final int SOI = 0xD8;
  private static final int EOI = 0xD9;
  private static final int SOS = 0xDA;
  private static final int TEM = 0x01;

  private JpegStructure() {}

  /** Returns whether the bytes start with a JPEG start-of-image marker. */
  static boolean isJpeg(byte[] b) {
    return b.length >= 2 && u(b, 0) == 0xFF && u(b, 1) == SOI;
  }

  /** Returns whether the JPEG bytes reach their end-of-image marker. */
  static boolean isComplete(byte[] b) {
    if (!isJpeg(b)) {
      return false;
    }
    int i = 2;
    while (true) {
      // Skip anything that is not a marker (extraneous bytes, which decoders also skip).
      while (i < b.length && u(b, i) != 0xFF) {
        i++;
      }
      while (i < b.length && u(b, i) == 0xFF) {
        i++;
      }
      if (i >= b.length) {
        return false;
      }
      int marker = u(b, i++);
      if (marker == EOI) {
        return true;
      }
      if (marker == TEM || isRestart(marker) || marker == 0x00) {
        continue;
      }
      if (i + 2 > b.length) {
        return false;
      }
      int length = u(b, i) << 8 | u(b, i + 1);
      if (length < 2) {
        return false;
      }
      i += length;
      if (marker == SOS) {
        i = endOfEntropyData(b, i);
        if (i < 0) {
          return false;
        }
      }
    }
  }

  /** Returns the index of the marker that ends entropy-coded data starting at {@code i}, or -1. */
  private static int endOfEntropyData(byte[] b, int start) {
    int i = start;
    while (i + 1 < b.length) {
      if (u(b, i) != 0xFF) {
        i++;
        continue;
      }
      int next = u(b, i + 1);
      if (next == 0xFF) {
        i++; // fill byte before a marker
      } else if (next == 0x00 || isRestart(next)) {
        i += 2;
      } else {
        return i;
      }
    }
    return -1;
  }

  private static boolean isRestart(int marker) {
    return marker >= 0xD0 && marker <= 0xD7;
  }

  private static int u(byte[] b, int i) {
    return b[i] & 0xFF;
  }
}
