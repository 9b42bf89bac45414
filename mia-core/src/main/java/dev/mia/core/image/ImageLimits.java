package dev.mia.core.image;

/**
 * Limits that protect a run from hostile or broken image files: a decompression bomb (a small file
 * that declares a huge image) and a huge file.
 *
 * <p>{@link ImageLoader} reads the width and height the file declares before it decodes a pixel,
 * and refuses the file when {@code width * height > maxPixels}; it reads at most {@code maxBytes}
 * bytes of a file and refuses a longer one. Both failures are an {@link
 * dev.mia.core.ImageTooLargeException} naming the path.
 *
 * <p>{@link #DEFAULT}: {@value #DEFAULT_MAX_PIXELS} pixels, the limit above which PIL warns of a
 * decompression bomb ({@code Image.MAX_IMAGE_PIXELS = 1024 * 1024 * 1024 // 4 // 3}, about 89.5
 * megapixels; a TYPE_INT_RGB image of that size takes 358 MB of heap), and {@value
 * #DEFAULT_MAX_BYTES} bytes (256 MiB), enough for an uncompressed 8-bit RGB file at the pixel
 * limit.
 *
 * @param maxPixels the most pixels ({@code width * height} of the first frame) an image may
 *     declare; at least 1
 * @param maxBytes the most bytes read from one file; at least 1
 */
public record ImageLimits(long maxPixels, long maxBytes) {
  /**
   * The default pixel limit, PIL's {@code MAX_IMAGE_PIXELS}: {@code 1024 * 1024 * 1024 / 4 / 3}.
   */
  public static final long DEFAULT_MAX_PIXELS = 89_478_485L;

  /** The default byte limit, 256 MiB. */
  public static final long DEFAULT_MAX_BYTES = 256L * 1024 * 1024;

  /**
   * The default limits: {@value #DEFAULT_MAX_PIXELS} pixels and {@value #DEFAULT_MAX_BYTES} bytes.
   */
  public static final ImageLimits DEFAULT = new ImageLimits(DEFAULT_MAX_PIXELS, DEFAULT_MAX_BYTES);

  /**
   * Validates the components; see the type's documentation for the rules.
   *
   * @param maxPixels the most pixels an image may declare; at least 1
   * @param maxBytes the most bytes read from one file; at least 1; at most {@code Integer.MAX_VALUE
   *     - 8}, the largest array the JVM allocates
   */
  public ImageLimits {
    if (maxPixels < 1) {
      throw new IllegalArgumentException("maxPixels must be >= 1, but is: " + maxPixels);
    }
    if (maxBytes < 1 || maxBytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "maxBytes must be in [1, " + (Integer.MAX_VALUE - 8) + "], but is: " + maxBytes);
    }
  }

  /**
   * Returns these limits with another pixel limit.
   *
   * @param pixels the most pixels an image may declare; at least 1
   * @return the new limits
   */
  public ImageLimits withMaxPixels(long pixels) {
    return new ImageLimits(pixels, maxBytes);
  }

  /**
   * Returns these limits with another byte limit.
   *
   * @param bytes the most bytes read from one file
   * @return the new limits
   */
  public ImageLimits withMaxBytes(long bytes) {
    return new ImageLimits(maxPixels, bytes);
  }
}
