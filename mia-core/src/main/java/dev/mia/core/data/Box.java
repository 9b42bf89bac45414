package dev.mia.core.data;

/**
 * A rectangle in pixels, with its origin at the top-left corner of the image.
 *
 * @param x the left edge, at least 0
 * @param y the top edge, at least 0
 * @param width the width, at least 1
 * @param height the height, at least 1
 */
public record Box(int x, int y, int width, int height) {
  /**
   * Validates the components; see the type's documentation for the rules.
   *
   * @param x the left edge, at least 0
   * @param y the top edge, at least 0
   * @param width the width, at least 1
   * @param height the height, at least 1
   */
  public Box {
    if (x < 0 || y < 0) {
      throw new IllegalArgumentException("box origin must be >= 0, but is: (" + x + ", " + y + ")");
    }
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException("box size must be >= 1, but is: " + width + "x" + height);
    }
  }

  /**
   * Returns the right edge, exclusive.
   *
   * @return {@code x + width}
   */
  public int right() {
    return x + width;
  }

  /**
   * Returns the bottom edge, exclusive.
   *
   * @return {@code y + height}
   */
  public int bottom() {
    return y + height;
  }

  /**
   * Tells whether this box lies inside a canvas of the given size.
   *
   * @param canvasWidth the canvas width
   * @param canvasHeight the canvas height
   * @return true if the box does not cross the canvas edges
   */
  public boolean fitsIn(int canvasWidth, int canvasHeight) {
    return right() <= canvasWidth && bottom() <= canvasHeight;
  }
}
