package dev.mia.examples.world;

/** How large an object is drawn, as a fraction of the image side. */
public enum Size {
  /** Radius: one twelfth of the image side (4 pixels at 48x48). */
  SMALL("small", 12),
  /** Radius: one seventh of the image side (6 pixels at 48x48). */
  LARGE("large", 7);

  private final String word;
  private final int divisor;

  Size(String word, int divisor) {
    this.word = word;
    this.divisor = divisor;
  }

  /**
   * Returns the size's word, e.g. {@code small}.
   *
   * @return the word
   */
  public String word() {
    return word;
  }

  /**
   * Returns the radius in pixels for an image side.
   *
   * @param imageSide the image's width (and height)
   * @return the radius, at least 2
   */
  public int radius(int imageSide) {
    return Math.max(2, imageSide / divisor);
  }
}
