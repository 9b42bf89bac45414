package dev.mia.core.image;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import dev.mia.core.ImageReadException;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

/**
 * SHA-256 content hashes that identify images: of a file's bytes, or of an image's decoded pixels.
 * Both are 64 lower-case hexadecimal characters.
 *
 * <p>The pixel hash covers exactly these bytes, so any implementation can reproduce it: the width
 * and the height as 4-byte big-endian ints, then every pixel in row-major order as a 4-byte
 * big-endian int {@code 0x00RRGGBB} of its RGB normalisation ({@link ImageLoader#toRgb}). Two
 * images with the same size and the same RGB pixels have the same hash whatever their storage type;
 * the file hash, by contrast, changes with the encoding (a PNG and a JPEG of the same picture
 * differ).
 */
public final class ContentHash {
  private ContentHash() {}

  /**
   * Returns the SHA-256 of a file's bytes.
   *
   * @param path the file
   * @return 64 lower-case hex characters
   * @throws ImageReadException if the file is missing, not a regular file, unreadable or longer
   *     than {@link ImageLimits#DEFAULT}'s byte limit, with the same messages as {@link
   *     ImageLoader#read}
   */
  public static String ofFile(Path path) {
    return ofFile(path, ImageLimits.DEFAULT);
  }

  /**
   * Returns the SHA-256 of a file's bytes, reading at most the limits' byte count.
   *
   * @param path the file
   * @param limits the limits whose {@link ImageLimits#maxBytes()} bounds the read
   * @return 64 lower-case hex characters
   * @throws ImageReadException if the file is missing, not a regular file, unreadable or longer
   *     than the byte limit, with the same messages as {@link ImageLoader#read(Path, ImageLimits)}
   */
  public static String ofFile(Path path, ImageLimits limits) {
    return Hashing.sha256().hashBytes(ImageLoader.readBytes(path, limits.maxBytes())).toString();
  }

  /**
   * Returns the SHA-256 of an image's size and RGB pixels, laid out as the class documentation
   * describes.
   *
   * @param image the image; not modified
   * @return 64 lower-case hex characters
   */
  public static String ofPixels(BufferedImage image) {
    // The image's own buffer where it can be read as is: no copy of a large canvas just to hash it.
    int[] rgb = Pixels.rgbForReading(image);
    Hasher hasher = Hashing.sha256().newHasher(8 + 4 * rgb.length);
    putBigEndian(hasher, image.getWidth());
    putBigEndian(hasher, image.getHeight());
    for (int p : rgb) {
      putBigEndian(hasher, p & 0xFFFFFF);
    }
    return hasher.hash().toString();
  }

  // Guava's Hasher.putInt is little-endian; the layout is documented as big-endian.
  private static void putBigEndian(Hasher hasher, int v) {
    hasher.putByte((byte) (v >>> 24));
    hasher.putByte((byte) (v >>> 16));
    hasher.putByte((byte) (v >>> 8));
    hasher.putByte((byte) v);
  }
}
