package dev.mia.examples.chart;

import dev.mia.formats.label.BitmapFont;
import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.font.LineMetrics;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.text.AttributedCharacterIterator;
import java.text.CharacterIterator;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Font} whose every measurement is mia-formats' {@link BitmapFont} at an integer scale, so
 * that a chart library lays text out without asking the platform's font system: no font file,
 * fontconfig or font manager is touched by any method of this class. Text in this font is drawn by
 * {@link PixelGraphics2D}.
 *
 * <h2>Metrics</h2>
 *
 * At scale {@code s} (the point size is {@code 9s}, the glyph cell's height in pixels): ascent
 * {@code 7s} (cap height), descent {@code 2s}, leading {@code s}, line height {@code 10s}, and
 * every character advances {@code 6s} pixels, so a text of {@code n} characters is {@code 6ns}
 * wide. Bold is the glyphs drawn twice, one pixel apart, within the same advance.
 *
 * <h2>Not supported</h2>
 *
 * Glyph vectors: {@link #createGlyphVector} and {@link #layoutGlyphVector} throw {@link
 * UnsupportedOperationException}, since a glyph vector needs the platform's glyphs. Characters the
 * bitmap font lacks measure as one advance and are drawn as {@code ?}.
 */
public final class PixelFont extends Font {
  private static final long serialVersionUID = 1L;

  /** The font's name, as {@link #getName()}, {@link #getFamily()} and {@link #getFontName()}. */
  public static final String NAME = "mia-bitmap";

  private final int scale;

  private PixelFont(int scale, int style) {
    super(NAME, style, BitmapFont.CELL_HEIGHT * scale);
    this.scale = scale;
  }

  /**
   * Returns the font at a scale.
   *
   * @param scale the size of a bitmap dot in pixels, at least 1
   * @param style {@link Font#PLAIN} or {@link Font#BOLD} (italic is ignored)
   * @return the font, whose point size is {@code 9 * scale}
   * @throws IllegalArgumentException if the scale is below 1
   */
  public static PixelFont of(int scale, int style) {
    if (scale < 1) {
      throw new IllegalArgumentException("scale must be >= 1, but is: " + scale);
    }
    return new PixelFont(scale, style & BOLD);
  }

  /**
   * Returns the pixel font nearest to any font: the same one if it is a pixel font, else the scale
   * {@code max(1, round(size / 9))} and the font's boldness.
   *
   * @param font a font
   * @return the pixel font that stands for it
   */
  public static PixelFont like(Font font) {
    if (font instanceof PixelFont pixel) {
      return pixel;
    }
    return of(scaleFor(font.getSize2D()), font.getStyle());
  }

  private static int scaleFor(float size) {
    return Math.max(1, Math.round(size / BitmapFont.CELL_HEIGHT));
  }

  /**
   * Returns the size of a bitmap dot in pixels.
   *
   * @return the scale, at least 1
   */
  public int scale() {
    return scale;
  }

  /**
   * Returns the ascent in pixels: {@code 7 * scale}, the cap height.
   *
   * @return the ascent
   */
  public int ascent() {
    return 7 * scale;
  }

  /**
   * Returns the descent in pixels: {@code 2 * scale}.
   *
   * @return the descent
   */
  public int descent() {
    return 2 * scale;
  }

  /**
   * Returns the leading in pixels: {@code scale}.
   *
   * @return the leading
   */
  public int leading() {
    return scale;
  }

  /**
   * Returns the width of a text in pixels: {@code 6 * n * scale} for {@code n} characters.
   *
   * @param text the text
   * @return the width
   */
  public int width(String text) {
    return BitmapFont.ADVANCE * text.length() * scale;
  }

  /**
   * Returns a text with each character the bitmap font lacks replaced by {@code ?}.
   *
   * @param text the text
   * @return the drawable text, of the same length
   */
  public static String drawable(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      out.append(BitmapFont.supports(c) ? c : '?');
    }
    return out.toString();
  }

  private Rectangle2D bounds(int chars) {
    return new Rectangle2D.Float(
        0, -ascent(), BitmapFont.ADVANCE * chars * scale, ascent() + descent() + leading());
  }

  private LineMetrics lineMetrics(int chars) {
    return new PixelLineMetrics(this, chars);
  }

  /** {@inheritDoc} The family of every pixel font is {@value #NAME}. */
  @Override
  public String getFamily() {
    return NAME;
  }

  /** {@inheritDoc} The family of every pixel font is {@value #NAME}. */
  @Override
  public String getFamily(Locale l) {
    return NAME;
  }

  /** {@inheritDoc} {@value #NAME}, with "-Bold" for the bold font. */
  @Override
  public String getFontName() {
    return isBold() ? NAME + "-Bold" : NAME;
  }

  /** {@inheritDoc} {@value #NAME}, with "-Bold" for the bold font. */
  @Override
  public String getFontName(Locale l) {
    return getFontName();
  }

  /** {@inheritDoc} The same as {@link #getFontName()}. */
  @Override
  public String getPSName() {
    return getFontName();
  }

  /** {@inheritDoc} 128, the ASCII range the glyph table spans. */
  @Override
  public int getNumGlyphs() {
    return 128;
  }

  /** {@inheritDoc} The code of {@code ?}, drawn for characters the font lacks. */
  @Override
  public int getMissingGlyphCode() {
    return '?';
  }

  /** {@inheritDoc} Always the roman baseline. */
  @Override
  public byte getBaselineFor(char c) {
    return ROMAN_BASELINE;
  }

  /** {@inheritDoc} The pixel font at scale {@code max(1, round(size / 9))}, same style. */
  @Override
  public Font deriveFont(float size) {
    return of(scaleFor(size), getStyle());
  }

  /** {@inheritDoc} The pixel font at scale {@code max(1, round(size / 9))}. */
  @Override
  public Font deriveFont(int style, float size) {
    return of(scaleFor(size), style);
  }

  /** {@inheritDoc} The pixel font in that style, same scale. */
  @Override
  public Font deriveFont(int style) {
    return of(scale, style);
  }

  /** {@inheritDoc} Transforms are ignored: the same font. */
  @Override
  public Font deriveFont(AffineTransform trans) {
    return this;
  }

  /** {@inheritDoc} Transforms are ignored: the pixel font in that style. */
  @Override
  public Font deriveFont(int style, AffineTransform trans) {
    return of(scale, style);
  }

  /** {@inheritDoc} Only the size and weight attributes count; the others are ignored. */
  @Override
  public Font deriveFont(Map<? extends AttributedCharacterIterator.Attribute, ?> attributes) {
    float size = getSize2D();
    int style = getStyle();
    Object s = attributes.get(java.awt.font.TextAttribute.SIZE);
    if (s instanceof Number n) {
      size = n.floatValue();
    }
    Object w = attributes.get(java.awt.font.TextAttribute.WEIGHT);
    if (w instanceof Number n) {
      style = n.floatValue() >= java.awt.font.TextAttribute.WEIGHT_BOLD ? BOLD : PLAIN;
    }
    return of(scaleFor(size), style);
  }

  /** {@inheritDoc} True for the characters of {@link BitmapFont}. */
  @Override
  public boolean canDisplay(char c) {
    return BitmapFont.supports(c);
  }

  /** {@inheritDoc} True for the characters of {@link BitmapFont}. */
  @Override
  public boolean canDisplay(int codePoint) {
    return codePoint >= 0 && codePoint < Character.MIN_SUPPLEMENTARY_CODE_POINT
        ? BitmapFont.supports((char) codePoint)
        : false;
  }

  /** {@inheritDoc} */
  @Override
  public int canDisplayUpTo(String str) {
    return canDisplayUpTo(str.toCharArray(), 0, str.length());
  }

  /** {@inheritDoc} */
  @Override
  public int canDisplayUpTo(char[] text, int start, int limit) {
    for (int i = start; i < limit; i++) {
      if (!BitmapFont.supports(text[i])) {
        return i;
      }
    }
    return -1;
  }

  /** {@inheritDoc} */
  @Override
  public int canDisplayUpTo(CharacterIterator iter, int start, int limit) {
    for (char c = iter.setIndex(start); iter.getIndex() < limit; c = iter.next()) {
      if (!BitmapFont.supports(c)) {
        return iter.getIndex();
      }
    }
    return -1;
  }

  /** {@inheritDoc} Always 0: the font has no italic. */
  @Override
  public float getItalicAngle() {
    return 0;
  }

  /** {@inheritDoc} Always true. */
  @Override
  public boolean hasUniformLineMetrics() {
    return true;
  }

  /** {@inheritDoc} See the class documentation for the metrics. */
  @Override
  public LineMetrics getLineMetrics(String str, FontRenderContext frc) {
    return lineMetrics(str.length());
  }

  /** {@inheritDoc} See the class documentation for the metrics. */
  @Override
  public LineMetrics getLineMetrics(String str, int begin, int limit, FontRenderContext frc) {
    return lineMetrics(limit - begin);
  }

  /** {@inheritDoc} See the class documentation for the metrics. */
  @Override
  public LineMetrics getLineMetrics(char[] chars, int begin, int limit, FontRenderContext frc) {
    return lineMetrics(limit - begin);
  }

  /** {@inheritDoc} See the class documentation for the metrics. */
  @Override
  public LineMetrics getLineMetrics(
      CharacterIterator ci, int begin, int limit, FontRenderContext frc) {
    return lineMetrics(limit - begin);
  }

  /** {@inheritDoc} {@code (0, -ascent, 6ns, 10s)} for {@code n} characters. */
  @Override
  public Rectangle2D getStringBounds(String str, FontRenderContext frc) {
    return bounds(str.length());
  }

  /** {@inheritDoc} {@code (0, -ascent, 6ns, 10s)} for {@code n} characters. */
  @Override
  public Rectangle2D getStringBounds(String str, int begin, int limit, FontRenderContext frc) {
    return bounds(limit - begin);
  }

  /** {@inheritDoc} {@code (0, -ascent, 6ns, 10s)} for {@code n} characters. */
  @Override
  public Rectangle2D getStringBounds(char[] chars, int begin, int limit, FontRenderContext frc) {
    return bounds(limit - begin);
  }

  /** {@inheritDoc} {@code (0, -ascent, 6ns, 10s)} for {@code n} characters. */
  @Override
  public Rectangle2D getStringBounds(
      CharacterIterator ci, int begin, int limit, FontRenderContext frc) {
    return bounds(limit - begin);
  }

  /** {@inheritDoc} The bounds of one character. */
  @Override
  public Rectangle2D getMaxCharBounds(FontRenderContext frc) {
    return bounds(1);
  }

  /** Not supported: throws {@link UnsupportedOperationException}. */
  @Override
  public GlyphVector createGlyphVector(FontRenderContext frc, String str) {
    throw noGlyphs();
  }

  /** Not supported: throws {@link UnsupportedOperationException}. */
  @Override
  public GlyphVector createGlyphVector(FontRenderContext frc, char[] chars) {
    throw noGlyphs();
  }

  /** Not supported: throws {@link UnsupportedOperationException}. */
  @Override
  public GlyphVector createGlyphVector(FontRenderContext frc, CharacterIterator ci) {
    throw noGlyphs();
  }

  /** Not supported: throws {@link UnsupportedOperationException}. */
  @Override
  public GlyphVector createGlyphVector(FontRenderContext frc, int[] glyphCodes) {
    throw noGlyphs();
  }

  /** Not supported: throws {@link UnsupportedOperationException}. */
  @Override
  public GlyphVector layoutGlyphVector(
      FontRenderContext frc, char[] text, int start, int limit, int flags) {
    throw noGlyphs();
  }

  private static UnsupportedOperationException noGlyphs() {
    return new UnsupportedOperationException(
        "a PixelFont has no glyph vectors: draw its text with PixelGraphics2D.drawString");
  }

  /** {@inheritDoc} Equal to another pixel font of the same scale and weight. */
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof PixelFont p && p.scale == scale && p.getStyle() == getStyle();
  }

  /** {@inheritDoc} */
  @Override
  public int hashCode() {
    return 31 * scale + getStyle();
  }

  /** {@inheritDoc} For example {@code PixelFont(scale=2, bold)}. */
  @Override
  public String toString() {
    return "PixelFont(scale=" + scale + (isBold() ? ", bold)" : ", plain)");
  }

  /** The line metrics of a pixel font: integer pixels, see the class documentation. */
  private static final class PixelLineMetrics extends LineMetrics {
    private final PixelFont font;
    private final int chars;

    PixelLineMetrics(PixelFont font, int chars) {
      this.font = font;
      this.chars = chars;
    }

    @Override
    public int getNumChars() {
      return chars;
    }

    @Override
    public float getAscent() {
      return font.ascent();
    }

    @Override
    public float getDescent() {
      return font.descent();
    }

    @Override
    public float getLeading() {
      return font.leading();
    }

    @Override
    public float getHeight() {
      return font.ascent() + font.descent() + font.leading();
    }

    @Override
    public int getBaselineIndex() {
      return ROMAN_BASELINE;
    }

    @Override
    public float[] getBaselineOffsets() {
      // roman, centre and hanging baselines relative to the roman one
      return new float[] {0, -font.ascent() / 2f, -font.ascent()};
    }

    @Override
    public float getStrikethroughOffset() {
      return -font.ascent() / 2f;
    }

    @Override
    public float getStrikethroughThickness() {
      return font.scale();
    }

    @Override
    public float getUnderlineOffset() {
      return font.scale();
    }

    @Override
    public float getUnderlineThickness() {
      return font.scale();
    }
  }
}
