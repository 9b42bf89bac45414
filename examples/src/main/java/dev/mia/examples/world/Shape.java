package dev.mia.examples.world;

/**
 * The object categories of the world; their names are the object words of captions, POPE questions
 * and the world's CHAIR vocabulary.
 */
public enum Shape {
  /** A filled disc. */
  CIRCLE("circle", "circles"),
  /** A filled axis-aligned square. */
  SQUARE("square", "squares"),
  /** A filled triangle pointing up. */
  TRIANGLE("triangle", "triangles"),
  /** A filled square turned by 45 degrees. */
  DIAMOND("diamond", "diamonds"),
  /** A plus sign. */
  CROSS("cross", "crosses");

  private final String word;
  private final String plural;

  Shape(String word, String plural) {
    this.word = word;
    this.plural = plural;
  }

  /**
   * Returns the singular noun, e.g. {@code circle}.
   *
   * @return the word
   */
  public String word() {
    return word;
  }

  /**
   * Returns the plural noun, e.g. {@code crosses}.
   *
   * @return the plural
   */
  public String plural() {
    return plural;
  }

  /**
   * Returns the shape that the biased training distribution puts next to this one: circle and
   * square, triangle and diamond, cross and circle.
   *
   * @return the usual companion
   */
  public Shape companion() {
    return switch (this) {
      case CIRCLE -> SQUARE;
      case SQUARE, CROSS -> CIRCLE;
      case TRIANGLE -> DIAMOND;
      case DIAMOND -> TRIANGLE;
    };
  }

  /**
   * Returns the colour that the biased training distribution usually gives this shape: circles red,
   * squares blue, triangles green, diamonds yellow, crosses purple.
   *
   * @return the usual colour
   */
  public Colour usualColour() {
    return switch (this) {
      case CIRCLE -> Colour.RED;
      case SQUARE -> Colour.BLUE;
      case TRIANGLE -> Colour.GREEN;
      case DIAMOND -> Colour.YELLOW;
      case CROSS -> Colour.PURPLE;
    };
  }

  /**
   * Tells whether a pixel at an integer offset from the centre belongs to a shape of this kind.
   *
   * @param dx the horizontal offset, positive to the right
   * @param dy the vertical offset, positive downwards
   * @param r the shape's radius in pixels, at least 1
   * @return whether the pixel is inside
   */
  public boolean contains(int dx, int dy, int r) {
    int ax = Math.abs(dx);
    int ay = Math.abs(dy);
    return switch (this) {
      case CIRCLE -> dx * dx + dy * dy <= r * r + r;
      case SQUARE -> ax <= r - 1 && ay <= r - 1;
      case TRIANGLE -> dy >= -r && dy <= r && 2 * ax <= dy + r;
      case DIAMOND -> ax + ay <= r;
      case CROSS -> (ax <= r / 3 && ay <= r) || (ay <= r / 3 && ax <= r);
    };
  }
}
