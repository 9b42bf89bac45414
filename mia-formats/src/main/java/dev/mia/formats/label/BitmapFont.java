package dev.mia.formats.label;

import java.awt.image.BufferedImage;

/**
 * A 5x7 pixel font with two descender rows, embedded in code, drawn by integer pixel writes: the
 * same text gives the same pixels on every machine, headless or not, with or without fonts
 * installed. It covers the space, {@code 0-9}, {@code A-Z}, {@code a-z} and {@code - . , : ; ( ) [
 * ] ? ! / % + = _ ' " < > * # |}.
 *
 * <h2>Metrics</h2>
 *
 * Each glyph is a cell of {@value #CELL_WIDTH} x {@value #CELL_HEIGHT} dots: capitals and digits
 * fill rows 0 to 6 (cap height 7 dots), lower-case letters have their x-height from row 2, and
 * {@code g j p q y , ; _} descend into rows 7 and 8. Glyphs advance by {@value #ADVANCE} dots (one
 * dot of spacing). At scale {@code s} each dot is an {@code s x s} square, so a text of {@code n}
 * characters is {@code (6n - 1) s} pixels wide and {@code 9s} pixels tall.
 */
public final class BitmapFont {
  /** Width of a glyph in dots. */
  public static final int CELL_WIDTH = 5;

  /** Height of a glyph cell in dots, descender included. */
  public static final int CELL_HEIGHT = 9;

  /** Horizontal advance from one glyph to the next in dots. */
  public static final int ADVANCE = CELL_WIDTH + 1;

  private static final int[][] GLYPHS = new int[128][];

  static {
    glyph(' ', ".....", ".....", ".....", ".....", ".....", ".....", ".....");
    glyph('-', ".....", ".....", ".....", "#####", ".....", ".....", ".....");
    glyph('.', ".....", ".....", ".....", ".....", ".....", ".##..", ".##..");
    glyph(',', ".....", ".....", ".....", ".....", ".##..", ".##..", "..#..", ".#...");
    glyph(':', ".....", ".##..", ".##..", ".....", ".##..", ".##..", ".....");
    glyph('(', "...#.", "..#..", ".#...", ".#...", ".#...", "..#..", "...#.");
    glyph(')', ".#...", "..#..", "...#.", "...#.", "...#.", "..#..", ".#...");
    glyph('?', ".###.", "#...#", "....#", "...#.", "..#..", ".....", "..#..");
    glyph('!', "..#..", "..#..", "..#..", "..#..", "..#..", ".....", "..#..");
    glyph(';', ".....", ".##..", ".##..", ".....", ".##..", ".##..", "..#..", ".#...");
    glyph('[', ".###.", ".#...", ".#...", ".#...", ".#...", ".#...", ".###.");
    glyph(']', ".###.", "...#.", "...#.", "...#.", "...#.", "...#.", ".###.");
    glyph('/', "....#", "...#.", "...#.", "..#..", ".#...", ".#...", "#....");
    glyph('%', "##...", "##..#", "...#.", "..#..", ".#...", "#..##", "...##");
    glyph('+', ".....", "..#..", "..#..", "#####", "..#..", "..#..", ".....");
    glyph('=', ".....", ".....", "#####", ".....", "#####", ".....", ".....");
    glyph('_', ".....", ".....", ".....", ".....", ".....", ".....", ".....", "#####");
    glyph('\'', "..#..", "..#..", ".#...", ".....", ".....", ".....", ".....");
    glyph('"', ".#.#.", ".#.#.", ".#.#.", ".....", ".....", ".....", ".....");
    glyph('<', "...#.", "..#..", ".#...", "#....", ".#...", "..#..", "...#.");
    glyph('>', ".#...", "..#..", "...#.", "....#", "...#.", "..#..", ".#...");
    glyph('*', ".....", "..#..", "#.#.#", ".###.", "#.#.#", "..#..", ".....");
    glyph('#', ".#.#.", ".#.#.", "#####", ".#.#.", "#####", ".#.#.", ".#.#.");
    glyph('|', "..#..", "..#..", "..#..", "..#..", "..#..", "..#..", "..#..");
    glyph('0', ".###.", "#...#", "#..##", "#.#.#", "##..#", "#...#", ".###.");
    glyph('1', "..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###.");
    glyph('2', ".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####");
    glyph('3', "#####", "...#.", "..#..", "...#.", "....#", "#...#", ".###.");
    glyph('4', "...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#.");
    glyph('5', "#####", "#....", "####.", "....#", "....#", "#...#", ".###.");
    glyph('6', "..##.", ".#...", "#....", "####.", "#...#", "#...#", ".###.");
    glyph('7', "#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#...");
    glyph('8', ".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###.");
    glyph('9', ".###.", "#...#", "#...#", ".####", "....#", "...#.", ".##..");
    glyph('A', ".###.", "#...#", "#...#", "#####", "#...#", "#...#", "#...#");
    glyph('B', "####.", "#...#", "#...#", "####.", "#...#", "#...#", "####.");
    glyph('C', ".###.", "#...#", "#....", "#....", "#....", "#...#", ".###.");
    glyph('D', "###..", "#..#.", "#...#", "#...#", "#...#", "#..#.", "###..");
    glyph('E', "#####", "#....", "#....", "####.", "#....", "#....", "#####");
    glyph('F', "#####", "#....", "#....", "####.", "#....", "#....", "#....");
    glyph('G', ".###.", "#...#", "#....", "#.###", "#...#", "#...#", ".####");
    glyph('H', "#...#", "#...#", "#...#", "#####", "#...#", "#...#", "#...#");
    glyph('I', ".###.", "..#..", "..#..", "..#..", "..#..", "..#..", ".###.");
    glyph('J', "..###", "...#.", "...#.", "...#.", "...#.", "#..#.", ".##..");
    glyph('K', "#...#", "#..#.", "#.#..", "##...", "#.#..", "#..#.", "#...#");
    glyph('L', "#....", "#....", "#....", "#....", "#....", "#....", "#####");
    glyph('M', "#...#", "##.##", "#.#.#", "#.#.#", "#...#", "#...#", "#...#");
    glyph('N', "#...#", "#...#", "##..#", "#.#.#", "#..##", "#...#", "#...#");
    glyph('O', ".###.", "#...#", "#...#", "#...#", "#...#", "#...#", ".###.");
    glyph('P', "####.", "#...#", "#...#", "####.", "#....", "#....", "#....");
    glyph('Q', ".###.", "#...#", "#...#", "#...#", "#.#.#", "#..#.", ".##.#");
    glyph('R', "####.", "#...#", "#...#", "####.", "#.#..", "#..#.", "#...#");
    glyph('S', ".####", "#....", "#....", ".###.", "....#", "....#", "####.");
    glyph('T', "#####", "..#..", "..#..", "..#..", "..#..", "..#..", "..#..");
    glyph('U', "#...#", "#...#", "#...#", "#...#", "#...#", "#...#", ".###.");
    glyph('V', "#...#", "#...#", "#...#", "#...#", "#...#", ".#.#.", "..#..");
    glyph('W', "#...#", "#...#", "#...#", "#.#.#", "#.#.#", "#.#.#", ".#.#.");
    glyph('X', "#...#", "#...#", ".#.#.", "..#..", ".#.#.", "#...#", "#...#");
    glyph('Y', "#...#", "#...#", ".#.#.", "..#..", "..#..", "..#..", "..#..");
    glyph('Z', "#####", "....#", "...#.", "..#..", ".#...", "#....", "#####");
    glyph('a', ".....", ".....", ".###.", "....#", ".####", "#...#", ".####");
    glyph('b', "#....", "#....", "#.##.", "##..#", "#...#", "#...#", "####.");
    glyph('c', ".....", ".....", ".###.", "#....", "#....", "#...#", ".###.");
    glyph('d', "....#", "....#", ".##.#", "#..##", "#...#", "#...#", ".####");
    glyph('e', ".....", ".....", ".###.", "#...#", "#####", "#....", ".###.");
    glyph('f', "..##.", ".#..#", ".#...", "###..", ".#...", ".#...", ".#...");
    glyph('g', ".....", ".....", ".####", "#...#", "#...#", "#...#", ".####", "....#", ".###.");
    glyph('h', "#....", "#....", "#.##.", "##..#", "#...#", "#...#", "#...#");
    glyph('i', "..#..", ".....", ".##..", "..#..", "..#..", "..#..", ".###.");
    glyph('j', "...#.", ".....", "..##.", "...#.", "...#.", "...#.", "...#.", "#..#.", ".##..");
    glyph('k', "#....", "#....", "#..#.", "#.#..", "##...", "#.#..", "#..#.");
    glyph('l', ".##..", "..#..", "..#..", "..#..", "..#..", "..#..", ".###.");
    glyph('m', ".....", ".....", "##.#.", "#.#.#", "#.#.#", "#.#.#", "#.#.#");
    glyph('n', ".....", ".....", "#.##.", "##..#", "#...#", "#...#", "#...#");
    glyph('o', ".....", ".....", ".###.", "#...#", "#...#", "#...#", ".###.");
    glyph('p', ".....", ".....", "####.", "#...#", "#...#", "#...#", "####.", "#....", "#....");
    glyph('q', ".....", ".....", ".####", "#...#", "#...#", "#...#", ".####", "....#", "....#");
    glyph('r', ".....", ".....", "#.##.", "##..#", "#....", "#....", "#....");
    glyph('s', ".....", ".....", ".###.", "#....", ".###.", "....#", "####.");
    glyph('t', ".#...", ".#...", "###..", ".#...", ".#...", ".#..#", "..##.");
    glyph('u', ".....", ".....", "#...#", "#...#", "#...#", "#..##", ".##.#");
    glyph('v', ".....", ".....", "#...#", "#...#", "#...#", ".#.#.", "..#..");
    glyph('w', ".....", ".....", "#...#", "#...#", "#.#.#", "#.#.#", ".#.#.");
    glyph('x', ".....", ".....", "#...#", ".#.#.", "..#..", ".#.#.", "#...#");
    glyph('y', ".....", ".....", "#...#", "#...#", "#...#", "#...#", ".####", "....#", ".###.");
    glyph('z', ".....", ".....", "#####", "...#.", "..#..", ".#...", "#####");
  }

  private BitmapFont() {}

  /** Stores a glyph: one string of {@value #CELL_WIDTH} dots per row, '#' inked, from the top. */
  private static void glyph(char c, String... rows) {
    int[] bits = new int[CELL_HEIGHT];
    for (int r = 0; r < rows.length; r++) {
      for (int col = 0; col < CELL_WIDTH; col++) {
        if (rows[r].charAt(col) == '#') {
          bits[r] |= 1 << col;
        }
      }
    }
    GLYPHS[c] = bits;
  }

  /**
   * Tells whether the font has a glyph for a character.
   *
   * @param c the character
   * @return true if {@link #draw} can draw it
   */
  public static boolean supports(char c) {
    return c < GLYPHS.length && GLYPHS[c] != null;
  }

  /**
   * Returns the width in pixels of a text drawn at a scale: {@code (6n - 1) * scale} for {@code n}
   * characters, 0 for the empty text.
   *
   * @param text the text
   * @param scale the size of a dot in pixels, at least 1
   * @return the width in pixels
   * @throws IllegalArgumentException if the scale is below 1
   */
  public static int width(String text, int scale) {
    checkScale(scale);
    return text.isEmpty() ? 0 : (ADVANCE * text.length() - 1) * scale;
  }

  /**
   * Returns the height in pixels of a line drawn at a scale, descenders included: {@code 9 *
   * scale}.
   *
   * @param scale the size of a dot in pixels, at least 1
   * @return the height in pixels
   * @throws IllegalArgumentException if the scale is below 1
   */
  public static int height(int scale) {
    checkScale(scale);
    return CELL_HEIGHT * scale;
  }

  /**
   * Draws a text into a TYPE_INT_RGB image, its cell's top-left corner at {@code (x, y)}. Only
   * inked dots are written, each as an {@code s x s} square of the colour; parts outside the image
   * are clipped.
   *
   * @param image the image drawn on; modified
   * @param text the text; every character must be supported ({@link #supports})
   * @param x the left edge of the first glyph's cell
   * @param y the top edge of the cells
   * @param scale the size of a dot in pixels, at least 1
   * @param rgb the colour, {@code 0xRRGGBB}
   * @throws IllegalArgumentException if the scale is below 1 or a character has no glyph
   */
  public static void draw(BufferedImage image, String text, int x, int y, int scale, int rgb) {
    checkScale(scale);
    for (int i = 0; i < text.length(); i++) {
      if (!supports(text.charAt(i))) {
        throw new IllegalArgumentException(
            "text must hold only characters of the bitmap font (space, 0-9, A-Z, a-z,"
                + " -.,:;()[]?!/%+=_'\"<>*#|), but has: '"
                + text.charAt(i)
                + "' in \""
                + text
                + "\"");
      }
    }
    int w = image.getWidth();
    int h = image.getHeight();
    for (int i = 0; i < text.length(); i++) {
      int[] rows = GLYPHS[text.charAt(i)];
      int left = x + i * ADVANCE * scale;
      for (int r = 0; r < CELL_HEIGHT; r++) {
        for (int c = 0; c < CELL_WIDTH; c++) {
          if ((rows[r] & (1 << c)) != 0) {
            fill(image, w, h, left + c * scale, y + r * scale, scale, rgb);
          }
        }
      }
    }
  }

  private static void fill(BufferedImage image, int w, int h, int x0, int y0, int s, int rgb) {
    for (int y = Math.max(0, y0); y < Math.min(h, y0 + s); y++) {
      for (int x = Math.max(0, x0); x < Math.min(w, x0 + s); x++) {
        image.setRGB(x, y, rgb);
      }
    }
  }

  private static void checkScale(int scale) {
    if (scale < 1) {
      throw new IllegalArgumentException("scale must be >= 1, but is: " + scale);
    }
  }
}
