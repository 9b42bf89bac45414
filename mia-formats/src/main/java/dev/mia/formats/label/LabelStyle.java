package dev.mia.formats.label;

/**
 * How a collage labels its tiles: the {@link BitmapFont} at an integer scale, a colour, and where
 * the text's cell sits relative to the tile's top-left corner.
 *
 * <p>MIA-DPO draws {@code Image{k}} in black 36 pt Arial at {@code (x + 20, y - 40)} above a tile
 * at {@code (x, y)} (arXiv 2410.17637; {@code make_data_pingtu_v1.ipynb}). {@link #miaDpo()} puts
 * the bitmap font at scale 4 (a 36-pixel cell with a 28-pixel cap height, about Arial's at 36 pt)
 * at {@code (x + 20, y - 38)}, so that it fits the 40-pixel margin with 2 pixels to spare.
 *
 * @param scale the size of a font dot in pixels, at least 1
 * @param rgb the text colour, {@code 0xRRGGBB}
 * @param offsetX how far right of the tile's left edge the text starts, at least 0
 * @param offsetY how far above the tile's top edge the text's cell starts, at least {@code 9 *
 *     scale} so that the text ends above the tile
 */
public record LabelStyle(int scale, int rgb, int offsetX, int offsetY) {
  /**
   * Validates the components; see the type's documentation for the rules.
   *
   * @param scale the size of a font dot in pixels, at least 1
   * @param rgb the text colour, {@code 0xRRGGBB}
   * @param offsetX how far right of the tile's left edge the text starts, at least 0
   * @param offsetY how far above the tile's top edge the text's cell starts, at least {@code 9 *
   *     scale} so that the text ends above the tile
   */
  public LabelStyle {
    if (scale < 1) {
      throw new IllegalArgumentException("scale must be >= 1, but is: " + scale);
    }
    if (rgb < 0 || rgb > 0xFFFFFF) {
      throw new IllegalArgumentException(
          "rgb must be in [0x000000, 0xFFFFFF], but is: 0x" + Integer.toHexString(rgb));
    }
    if (offsetX < 0) {
      throw new IllegalArgumentException("offsetX must be >= 0, but is: " + offsetX);
    }
    if (offsetY < BitmapFont.height(scale)) {
      throw new IllegalArgumentException(
          "offsetY must be >= the text height "
              + BitmapFont.height(scale)
              + " (9 * scale), but is: "
              + offsetY);
    }
  }

  /**
   * Returns MIA-DPO's label look: black, scale 4, at {@code (x + 20, y - 38)}.
   *
   * @return the style
   */
  public static LabelStyle miaDpo() {
    return new LabelStyle(4, 0x000000, 20, 38);
  }

  /**
   * Returns the height of the text in pixels.
   *
   * @return {@code 9 * scale}
   */
  public int textHeight() {
    return BitmapFont.height(scale);
  }
}
