package dev.mia.examples.chart;

import dev.mia.formats.label.BitmapFont;
import java.awt.Color;
import java.awt.Composite;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.GraphicsConfiguration;
import java.awt.Image;
import java.awt.Paint;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.font.LineMetrics;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.BufferedImageOp;
import java.awt.image.DataBufferInt;
import java.awt.image.ImageObserver;
import java.awt.image.RenderedImage;
import java.awt.image.renderable.RenderableImage;
import java.text.AttributedCharacterIterator;
import java.text.CharacterIterator;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Graphics2D} that draws shapes and images through another one and text with mia-formats'
 * {@link BitmapFont}: whatever font is set, text is measured as the {@link PixelFont} that stands
 * for it ({@link PixelFont#like}) and drawn as that font's pixels. No call reaches the platform's
 * font system, so a chart drawn through it gives the same pixels on any machine, with or without
 * fonts installed.
 *
 * <h2>How text is drawn</h2>
 *
 * A text becomes a small image: the bitmap glyphs, inked in the current paint's colour (black if
 * the paint is not a {@link Color}) and transparent elsewhere, its baseline {@code 7s} pixels below
 * its top for scale {@code s}. That image is drawn at the text's position, rounded to whole pixels,
 * through the wrapped graphics with nearest-neighbour interpolation, so the current transform (a
 * rotated axis label, say), clip and composite apply as they do to any image. A transform within
 * {@code 1e-9} of a multiple of 90 degrees is snapped to it, so rotated labels stay crisp.
 *
 * <p>Glyph vectors cannot be drawn: {@link #drawGlyphVector} throws {@link
 * UnsupportedOperationException}. Attributed text is drawn as plain text in the current font.
 *
 * <p>The wrapped graphics belongs to this one: {@link #dispose()} disposes of it.
 */
public final class PixelGraphics2D extends Graphics2D {
  private final Graphics2D g;
  private Font font;

  /**
   * Wraps a graphics context, the text font starting as the pixel font at scale 2.
   *
   * @param delegate the graphics that draws everything but text; disposed of with this one
   */
  public PixelGraphics2D(Graphics2D delegate) {
    this(delegate, PixelFont.of(2, Font.PLAIN));
  }

  private PixelGraphics2D(Graphics2D delegate, Font font) {
    this.g = delegate;
    this.font = font;
  }

  // ---- text -------------------------------------------------------------------------------

  /** {@inheritDoc} Drawn with the bitmap font; see the class documentation. */
  @Override
  public void drawString(String str, int x, int y) {
    drawText(str, x, y);
  }

  /** {@inheritDoc} Drawn with the bitmap font at the position rounded to whole pixels. */
  @Override
  public void drawString(String str, float x, float y) {
    drawText(str, x, y);
  }

  /** {@inheritDoc} Drawn as plain text in the current font; the attributes are ignored. */
  @Override
  public void drawString(AttributedCharacterIterator iterator, int x, int y) {
    drawText(text(iterator), x, y);
  }

  /** {@inheritDoc} Drawn as plain text in the current font; the attributes are ignored. */
  @Override
  public void drawString(AttributedCharacterIterator iterator, float x, float y) {
    drawText(text(iterator), x, y);
  }

  /** Not supported: throws {@link UnsupportedOperationException}. */
  @Override
  public void drawGlyphVector(GlyphVector gv, float x, float y) {
    throw new UnsupportedOperationException(
        "PixelGraphics2D draws text only as strings, not glyph vectors");
  }

  private static String text(AttributedCharacterIterator iterator) {
    StringBuilder s = new StringBuilder();
    for (char c = iterator.first(); c != CharacterIterator.DONE; c = iterator.next()) {
      s.append(c);
    }
    return s.toString();
  }

  private void drawText(String str, double x, double y) {
    if (str.isEmpty()) {
      return;
    }
    PixelFont f = PixelFont.like(font);
    String text = PixelFont.drawable(str);
    int scale = f.scale();
    int width = f.width(text);
    int height = BitmapFont.height(scale);
    BufferedImage ink = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    BitmapFont.draw(ink, text, 0, 0, scale, 0xFFFFFF);
    if (f.isBold()) {
      BitmapFont.draw(ink, text, 1, 0, scale, 0xFFFFFF);
    }
    Paint paint = g.getPaint();
    int argb = (paint instanceof Color c ? c : Color.BLACK).getRGB();
    BufferedImage glyphs = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
    int[] from = ((DataBufferInt) ink.getRaster().getDataBuffer()).getData();
    int[] to = ((DataBufferInt) glyphs.getRaster().getDataBuffer()).getData();
    for (int i = 0; i < from.length; i++) {
      to[i] = (from[i] & 0xFFFFFF) != 0 ? argb : 0;
    }
    AffineTransform saved = g.getTransform();
    Object interpolation = g.getRenderingHint(RenderingHints.KEY_INTERPOLATION);
    g.setTransform(snapped(saved));
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
    g.drawImage(
        glyphs,
        AffineTransform.getTranslateInstance(Math.round(x), Math.round(y) - f.ascent()),
        null);
    g.setTransform(saved);
    if (interpolation != null) {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, interpolation);
    }
  }

  /** The transform with entries within 1e-9 of -1, 0 or 1 set to them (quarter-turn rotations). */
  static AffineTransform snapped(AffineTransform t) {
    double[] m = new double[6];
    t.getMatrix(m);
    for (int i = 0; i < 4; i++) {
      double r = Math.rint(m[i]);
      if (Math.abs(r) <= 1 && Math.abs(m[i] - r) < 1e-9) {
        m[i] = r;
      }
    }
    for (int i = 4; i < 6; i++) {
      double r = Math.rint(m[i]);
      if (Math.abs(m[i] - r) < 1e-9) {
        m[i] = r;
      }
    }
    return new AffineTransform(m);
  }

  /** {@inheritDoc} The text font; any font, measured and drawn as {@link PixelFont#like} it. */
  @Override
  public Font getFont() {
    return font;
  }

  /** {@inheritDoc} Null leaves the font as it is. */
  @Override
  public void setFont(@Nullable Font font) {
    if (font != null) {
      this.font = font;
    }
  }

  /** {@inheritDoc} The metrics of the {@link PixelFont} that stands for the font. */
  @Override
  public FontMetrics getFontMetrics(Font f) {
    return new PixelFontMetrics(PixelFont.like(f));
  }

  /** {@inheritDoc} The wrapped graphics' context (no font is consulted). */
  @Override
  public FontRenderContext getFontRenderContext() {
    return g.getFontRenderContext();
  }

  /** Font metrics of a pixel font, from its integer metrics. */
  private static final class PixelFontMetrics extends FontMetrics {
    private static final long serialVersionUID = 1L;
    private final PixelFont pixel;

    PixelFontMetrics(PixelFont font) {
      super(font);
      this.pixel = font;
    }

    @Override
    public FontRenderContext getFontRenderContext() {
      return new FontRenderContext(null, false, false);
    }

    @Override
    public int getAscent() {
      return pixel.ascent();
    }

    @Override
    public int getDescent() {
      return pixel.descent();
    }

    @Override
    public int getLeading() {
      return pixel.leading();
    }

    @Override
    public int getMaxAdvance() {
      return pixel.width("M");
    }

    @Override
    public int charWidth(char ch) {
      return pixel.width("M");
    }

    @Override
    public int charWidth(int codePoint) {
      return pixel.width("M");
    }

    @Override
    public int stringWidth(String str) {
      return pixel.width(str);
    }

    @Override
    public int charsWidth(char[] data, int off, int len) {
      return len * pixel.width("M");
    }

    @Override
    public int bytesWidth(byte[] data, int off, int len) {
      return len * pixel.width("M");
    }

    @Override
    public int[] getWidths() {
      int[] widths = new int[256];
      java.util.Arrays.fill(widths, pixel.width("M"));
      return widths;
    }

    @Override
    public boolean hasUniformLineMetrics() {
      return true;
    }

    @Override
    public LineMetrics getLineMetrics(String str, Graphics context) {
      return pixel.getLineMetrics(str, getFontRenderContext());
    }

    @Override
    public LineMetrics getLineMetrics(String str, int begin, int limit, Graphics context) {
      return pixel.getLineMetrics(str, begin, limit, getFontRenderContext());
    }

    @Override
    public LineMetrics getLineMetrics(char[] chars, int begin, int limit, Graphics context) {
      return pixel.getLineMetrics(chars, begin, limit, getFontRenderContext());
    }

    @Override
    public LineMetrics getLineMetrics(
        CharacterIterator ci, int begin, int limit, Graphics context) {
      return pixel.getLineMetrics(ci, begin, limit, getFontRenderContext());
    }

    @Override
    public Rectangle2D getStringBounds(String str, Graphics context) {
      return pixel.getStringBounds(str, getFontRenderContext());
    }

    @Override
    public Rectangle2D getStringBounds(String str, int begin, int limit, Graphics context) {
      return pixel.getStringBounds(str, begin, limit, getFontRenderContext());
    }

    @Override
    public Rectangle2D getStringBounds(char[] chars, int begin, int limit, Graphics context) {
      return pixel.getStringBounds(chars, begin, limit, getFontRenderContext());
    }

    @Override
    public Rectangle2D getStringBounds(
        CharacterIterator ci, int begin, int limit, Graphics context) {
      return pixel.getStringBounds(ci, begin, limit, getFontRenderContext());
    }

    @Override
    public Rectangle2D getMaxCharBounds(Graphics context) {
      return pixel.getMaxCharBounds(getFontRenderContext());
    }
  }

  // ---- everything else goes to the wrapped graphics ----------------------------------------

  /** {@inheritDoc} A pixel graphics over a copy of the wrapped one, with the same font. */
  @Override
  public Graphics create() {
    return new PixelGraphics2D((Graphics2D) g.create(), font);
  }

  /** {@inheritDoc} */
  @Override
  public void dispose() {
    g.dispose();
  }

  /** {@inheritDoc} */
  @Override
  public void draw(Shape s) {
    g.draw(s);
  }

  /** {@inheritDoc} */
  @Override
  public void fill(Shape s) {
    g.fill(s);
  }

  /** {@inheritDoc} */
  @Override
  public boolean drawImage(Image img, AffineTransform xform, @Nullable ImageObserver obs) {
    return g.drawImage(img, xform, obs);
  }

  /** {@inheritDoc} */
  @Override
  public void drawImage(BufferedImage img, @Nullable BufferedImageOp op, int x, int y) {
    g.drawImage(img, op, x, y);
  }

  /** {@inheritDoc} */
  @Override
  public void drawRenderedImage(RenderedImage img, AffineTransform xform) {
    g.drawRenderedImage(img, xform);
  }

  /** {@inheritDoc} */
  @Override
  public void drawRenderableImage(RenderableImage img, AffineTransform xform) {
    g.drawRenderableImage(img, xform);
  }

  /** {@inheritDoc} */
  @Override
  public boolean hit(Rectangle rect, Shape s, boolean onStroke) {
    return g.hit(rect, s, onStroke);
  }

  /** {@inheritDoc} */
  @Override
  public GraphicsConfiguration getDeviceConfiguration() {
    return g.getDeviceConfiguration();
  }

  /** {@inheritDoc} */
  @Override
  public void setComposite(Composite comp) {
    g.setComposite(comp);
  }

  /** {@inheritDoc} */
  @Override
  public void setPaint(Paint paint) {
    g.setPaint(paint);
  }

  /** {@inheritDoc} */
  @Override
  public void setStroke(Stroke s) {
    g.setStroke(s);
  }

  /** {@inheritDoc} */
  @Override
  public void setRenderingHint(RenderingHints.Key hintKey, Object hintValue) {
    g.setRenderingHint(hintKey, hintValue);
  }

  /** {@inheritDoc} */
  @Override
  public Object getRenderingHint(RenderingHints.Key hintKey) {
    return g.getRenderingHint(hintKey);
  }

  /** {@inheritDoc} */
  @Override
  public void setRenderingHints(Map<?, ?> hints) {
    g.setRenderingHints(hints);
  }

  /** {@inheritDoc} */
  @Override
  public void addRenderingHints(Map<?, ?> hints) {
    g.addRenderingHints(hints);
  }

  /** {@inheritDoc} */
  @Override
  public RenderingHints getRenderingHints() {
    return g.getRenderingHints();
  }

  /** {@inheritDoc} */
  @Override
  public void translate(int x, int y) {
    g.translate(x, y);
  }

  /** {@inheritDoc} */
  @Override
  public void translate(double tx, double ty) {
    g.translate(tx, ty);
  }

  /** {@inheritDoc} */
  @Override
  public void rotate(double theta) {
    g.rotate(theta);
  }

  /** {@inheritDoc} */
  @Override
  public void rotate(double theta, double x, double y) {
    g.rotate(theta, x, y);
  }

  /** {@inheritDoc} */
  @Override
  public void scale(double sx, double sy) {
    g.scale(sx, sy);
  }

  /** {@inheritDoc} */
  @Override
  public void shear(double shx, double shy) {
    g.shear(shx, shy);
  }

  /** {@inheritDoc} */
  @Override
  public void transform(AffineTransform tx) {
    g.transform(tx);
  }

  /** {@inheritDoc} */
  @Override
  public void setTransform(AffineTransform tx) {
    g.setTransform(tx);
  }

  /** {@inheritDoc} */
  @Override
  public AffineTransform getTransform() {
    return g.getTransform();
  }

  /** {@inheritDoc} */
  @Override
  public Paint getPaint() {
    return g.getPaint();
  }

  /** {@inheritDoc} */
  @Override
  public Composite getComposite() {
    return g.getComposite();
  }

  /** {@inheritDoc} */
  @Override
  public void setBackground(Color color) {
    g.setBackground(color);
  }

  /** {@inheritDoc} */
  @Override
  public Color getBackground() {
    return g.getBackground();
  }

  /** {@inheritDoc} */
  @Override
  public Stroke getStroke() {
    return g.getStroke();
  }

  /** {@inheritDoc} */
  @Override
  public void clip(@Nullable Shape s) {
    g.clip(s);
  }

  /** {@inheritDoc} */
  @Override
  public Color getColor() {
    return g.getColor();
  }

  /** {@inheritDoc} */
  @Override
  public void setColor(@Nullable Color c) {
    g.setColor(c);
  }

  /** {@inheritDoc} */
  @Override
  public void setPaintMode() {
    g.setPaintMode();
  }

  /** {@inheritDoc} */
  @Override
  public void setXORMode(Color c1) {
    g.setXORMode(c1);
  }

  /** {@inheritDoc} */
  @Override
  public @Nullable Rectangle getClipBounds() {
    return g.getClipBounds();
  }

  /** {@inheritDoc} */
  @Override
  public void clipRect(int x, int y, int width, int height) {
    g.clipRect(x, y, width, height);
  }

  /** {@inheritDoc} */
  @Override
  public void setClip(int x, int y, int width, int height) {
    g.setClip(x, y, width, height);
  }

  /** {@inheritDoc} */
  @Override
  public @Nullable Shape getClip() {
    return g.getClip();
  }

  /** {@inheritDoc} */
  @Override
  public void setClip(@Nullable Shape clip) {
    g.setClip(clip);
  }

  /** {@inheritDoc} */
  @Override
  public void copyArea(int x, int y, int width, int height, int dx, int dy) {
    g.copyArea(x, y, width, height, dx, dy);
  }

  /** {@inheritDoc} */
  @Override
  public void drawLine(int x1, int y1, int x2, int y2) {
    g.drawLine(x1, y1, x2, y2);
  }

  /** {@inheritDoc} */
  @Override
  public void fillRect(int x, int y, int width, int height) {
    g.fillRect(x, y, width, height);
  }

  /** {@inheritDoc} */
  @Override
  public void clearRect(int x, int y, int width, int height) {
    g.clearRect(x, y, width, height);
  }

  /** {@inheritDoc} */
  @Override
  public void drawRoundRect(int x, int y, int width, int height, int arcWidth, int arcHeight) {
    g.drawRoundRect(x, y, width, height, arcWidth, arcHeight);
  }

  /** {@inheritDoc} */
  @Override
  public void fillRoundRect(int x, int y, int width, int height, int arcWidth, int arcHeight) {
    g.fillRoundRect(x, y, width, height, arcWidth, arcHeight);
  }

  /** {@inheritDoc} */
  @Override
  public void drawOval(int x, int y, int width, int height) {
    g.drawOval(x, y, width, height);
  }

  /** {@inheritDoc} */
  @Override
  public void fillOval(int x, int y, int width, int height) {
    g.fillOval(x, y, width, height);
  }

  /** {@inheritDoc} */
  @Override
  public void drawArc(int x, int y, int width, int height, int startAngle, int arcAngle) {
    g.drawArc(x, y, width, height, startAngle, arcAngle);
  }

  /** {@inheritDoc} */
  @Override
  public void fillArc(int x, int y, int width, int height, int startAngle, int arcAngle) {
    g.fillArc(x, y, width, height, startAngle, arcAngle);
  }

  /** {@inheritDoc} */
  @Override
  public void drawPolyline(int[] xPoints, int[] yPoints, int nPoints) {
    g.drawPolyline(xPoints, yPoints, nPoints);
  }

  /** {@inheritDoc} */
  @Override
  public void drawPolygon(int[] xPoints, int[] yPoints, int nPoints) {
    g.drawPolygon(xPoints, yPoints, nPoints);
  }

  /** {@inheritDoc} */
  @Override
  public void fillPolygon(int[] xPoints, int[] yPoints, int nPoints) {
    g.fillPolygon(xPoints, yPoints, nPoints);
  }

  /** {@inheritDoc} */
  @Override
  public boolean drawImage(Image img, int x, int y, @Nullable ImageObserver observer) {
    return g.drawImage(img, x, y, observer);
  }

  /** {@inheritDoc} */
  @Override
  public boolean drawImage(
      Image img, int x, int y, int width, int height, @Nullable ImageObserver observer) {
    return g.drawImage(img, x, y, width, height, observer);
  }

  /** {@inheritDoc} */
  @Override
  public boolean drawImage(
      Image img, int x, int y, Color bgcolor, @Nullable ImageObserver observer) {
    return g.drawImage(img, x, y, bgcolor, observer);
  }

  /** {@inheritDoc} */
  @Override
  public boolean drawImage(
      Image img,
      int x,
      int y,
      int width,
      int height,
      Color bgcolor,
      @Nullable ImageObserver observer) {
    return g.drawImage(img, x, y, width, height, bgcolor, observer);
  }

  /** {@inheritDoc} */
  @Override
  public boolean drawImage(
      Image img,
      int dx1,
      int dy1,
      int dx2,
      int dy2,
      int sx1,
      int sy1,
      int sx2,
      int sy2,
      @Nullable ImageObserver observer) {
    return g.drawImage(img, dx1, dy1, dx2, dy2, sx1, sy1, sx2, sy2, observer);
  }

  /** {@inheritDoc} */
  @Override
  public boolean drawImage(
      Image img,
      int dx1,
      int dy1,
      int dx2,
      int dy2,
      int sx1,
      int sy1,
      int sx2,
      int sy2,
      Color bgcolor,
      @Nullable ImageObserver observer) {
    return g.drawImage(img, dx1, dy1, dx2, dy2, sx1, sy1, sx2, sy2, bgcolor, observer);
  }
}
