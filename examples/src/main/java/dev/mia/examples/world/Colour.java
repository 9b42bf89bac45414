package dev.mia.examples.world;

/** The colours objects are painted in, as fixed sRGB values far from the dark backgrounds. */
public enum Colour {
  /** Red, (220, 40, 40). */
  RED("red", 220, 40, 40),
  /** Green, (50, 200, 60). */
  GREEN("green", 50, 200, 60),
  /** Blue, (60, 110, 255). */
  BLUE("blue", 60, 110, 255),
  /** Yellow, (240, 220, 40). */
  YELLOW("yellow", 240, 220, 40),
  /** Purple, (180, 70, 220). */
  PURPLE("purple", 180, 70, 220),
  /** White, (245, 245, 245). */
  WHITE("white", 245, 245, 245);

  private final String word;
  private final int rgb;

  Colour(String word, int red, int green, int blue) {
    this.word = word;
    this.rgb = (red << 16) | (green << 8) | blue;
  }

  /**
   * Returns the colour's word, e.g. {@code red}.
   *
   * @return the word
   */
  public String word() {
    return word;
  }

  /**
   * Returns the packed {@code 0xRRGGBB} value.
   *
   * @return the colour as an int
   */
  public int rgb() {
    return rgb;
  }
}
