package dev.mia.examples.world;

import static java.util.Objects.requireNonNull;

/**
 * One object of a scene: a shape of a colour and size centred at a pixel.
 *
 * @param shape the shape, its category
 * @param colour the colour
 * @param size the size
 * @param x the centre's column, 0 at the left edge
 * @param y the centre's row, 0 at the top edge
 */
public record SceneObject(Shape shape, Colour colour, Size size, int x, int y) {
  /**
   * Validates the object.
   *
   * @param shape the shape, its category
   * @param colour the colour
   * @param size the size
   * @param x the centre's column, 0 at the left edge
   * @param y the centre's row, 0 at the top edge
   */
  public SceneObject {
    requireNonNull(shape, "shape");
    requireNonNull(colour, "colour");
    requireNonNull(size, "size");
    if (x < 0 || y < 0) {
      throw new IllegalArgumentException(
          "centre must not be negative, but is: (" + x + ", " + y + ")");
    }
  }

  /**
   * Returns the horizontal half the centre lies in.
   *
   * @param width the image width
   * @return {@code left} if {@code x < width / 2}, else {@code right}
   */
  public String horizontal(int width) {
    return 2 * x < width ? "left" : "right";
  }

  /**
   * Returns the vertical half the centre lies in.
   *
   * @param height the image height
   * @return {@code top} if {@code y < height / 2}, else {@code bottom}
   */
  public String vertical(int height) {
    return 2 * y < height ? "top" : "bottom";
  }
}
