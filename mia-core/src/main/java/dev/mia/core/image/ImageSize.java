package dev.mia.core.image;

/**
 * The width and height of an image in pixels, both at least 1.
 *
 * @param width the width in pixels, at least 1
 * @param height the height in pixels, at least 1
 */
public record ImageSize(int width, int height) {
  /**
   * Validates the size.
   *
   * @param width the width in pixels, at least 1
   * @param height the height in pixels, at least 1
   * @throws IllegalArgumentException if the width or height is below 1
   */
  public ImageSize {
    if (width < 1) {
      throw new IllegalArgumentException("width must be >= 1, but is: " + width);
    }
    if (height < 1) {
      throw new IllegalArgumentException("height must be >= 1, but is: " + height);
    }
  }

  /** {@return {@code width x height}, for example {@code 448x224}} */
  @Override
  public String toString() {
    return width + "x" + height;
  }
}
