package dev.mia.examples.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.DefaultDrawingSupplier;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.text.TextUtils;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleInsets;

/**
 * Draws JFreeChart charts into images whose pixels are the same on every machine: every font of the
 * chart is a {@link PixelFont}, every text goes through {@link PixelGraphics2D}, and the rest is
 * Java2D's software renderer on a {@link BufferedImage}, which depends on no installed font, on no
 * display and on no native graphics library. The pixels depend only on the JDK's Java2D (its Marlin
 * rasteriser) and on the JFreeChart version.
 *
 * <h2>Global setting</h2>
 *
 * JFreeChart draws rotated text (a vertical axis label) through {@code java.awt.font.TextLayout}
 * unless its static {@code TextUtils.setUseDrawRotatedStringWorkaround(false)} is set; a text
 * layout asks the platform's font system. Every method here that draws sets it to false, for the
 * whole JVM.
 */
public final class ChartImages {
  /**
   * The series colours, in order: ten of the "tab10" palette, distinguishable in print and by most
   * colour-blind readers when adjacent series differ in dash too ({@link #STROKES}).
   */
  public static final List<Color> PALETTE =
      List.of(
          new Color(0x1f77b4),
          new Color(0xd62728),
          new Color(0x2ca02c),
          new Color(0xff7f0e),
          new Color(0x9467bd),
          new Color(0x8c564b),
          new Color(0xe377c2),
          new Color(0x17becf),
          new Color(0x7f7f7f),
          new Color(0xbcbd22));

  /** The line strokes, in order: solid, dashed, dotted, 2.5 pixels wide. */
  public static final List<BasicStroke> STROKES =
      List.of(
          new BasicStroke(2.5f),
          new BasicStroke(
              2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {9f, 5f}, 0f),
          new BasicStroke(
              2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {3f, 4f}, 0f));

  /** The font of chart titles: the bitmap font at scale 2, bold. */
  public static final PixelFont TITLE_FONT = PixelFont.of(2, Font.BOLD);

  /** The font of axis labels, tick labels and legends: the bitmap font at scale 2. */
  public static final PixelFont TEXT_FONT = PixelFont.of(2, Font.PLAIN);

  private ChartImages() {}

  /**
   * Styles a chart for these images: pixel fonts everywhere (title, legend, axes, ticks, item
   * labels, the no-data message), white backgrounds, light grey grid lines, flat bars, the {@link
   * #PALETTE} colours with the {@link #STROKES} in turn, padding around the chart and between
   * legend items.
   *
   * @param chart the chart; modified
   * @return the chart
   */
  public static JFreeChart style(JFreeChart chart) {
    StandardChartTheme theme = new StandardChartTheme("mia");
    theme.setExtraLargeFont(TITLE_FONT);
    theme.setLargeFont(TEXT_FONT);
    theme.setRegularFont(TEXT_FONT);
    theme.setSmallFont(TEXT_FONT);
    theme.setChartBackgroundPaint(Color.WHITE);
    theme.setPlotBackgroundPaint(Color.WHITE);
    theme.setLegendBackgroundPaint(Color.WHITE);
    theme.setDomainGridlinePaint(new Color(0xdddddd));
    theme.setRangeGridlinePaint(new Color(0xdddddd));
    theme.setBarPainter(new StandardBarPainter());
    theme.setXYBarPainter(new StandardXYBarPainter());
    theme.setShadowVisible(false);
    Paint[] paints = PALETTE.toArray(new Paint[0]);
    Stroke[] strokes = new Stroke[PALETTE.size()];
    for (int i = 0; i < strokes.length; i++) {
      strokes[i] = STROKES.get(i % STROKES.size());
    }
    theme.setDrawingSupplier(
        new DefaultDrawingSupplier(
            paints,
            new Paint[] {Color.WHITE},
            new Paint[] {Color.DARK_GRAY},
            strokes,
            new Stroke[] {new BasicStroke(1f)},
            new Shape[] {new Rectangle2D.Double(-3, -3, 6, 6)}));
    theme.apply(chart);
    Plot plot = chart.getPlot();
    plot.setNoDataMessageFont(TEXT_FONT);
    plot.setOutlinePaint(Color.GRAY);
    // room for the last tick label at the right edge and between a title and the cell above
    chart.setPadding(new RectangleInsets(10, 10, 10, 28));
    if (chart.getTitle() != null) {
      chart.getTitle().setPadding(new RectangleInsets(0, 0, 8, 0));
    }
    LegendTitle legend = chart.getLegend();
    if (legend != null) {
      legend.setItemLabelPadding(new RectangleInsets(2, 4, 2, 16));
      legend.setFrame(BlockBorder.NONE);
    }
    return chart;
  }

  /**
   * Draws a chart into a new white image.
   *
   * @param chart the chart, styled with {@link #style} (else the text is drawn at the pixel scale
   *     nearest to its fonts' sizes)
   * @param width the width in pixels, at least 1
   * @param height the height in pixels, at least 1
   * @return the image, TYPE_INT_RGB
   */
  public static BufferedImage render(JFreeChart chart, int width, int height) {
    return grid(List.of(chart), 1, width, height);
  }

  /**
   * Draws charts side by side into one white image, row by row: chart {@code k} in column {@code k
   * % columns} and row {@code k / columns}, each in a cell of the given size.
   *
   * @param charts the charts, at least one
   * @param columns the cells per row, at least 1
   * @param cellWidth the width of a cell in pixels, at least 1
   * @param cellHeight the height of a cell in pixels, at least 1
   * @return the image, TYPE_INT_RGB, {@code min(columns, n) * cellWidth} wide and {@code ceil(n /
   *     columns) * cellHeight} high
   * @throws IllegalArgumentException if there is no chart or a size is below 1
   */
  public static BufferedImage grid(
      List<JFreeChart> charts, int columns, int cellWidth, int cellHeight) {
    if (charts.isEmpty()) {
      throw new IllegalArgumentException("charts must not be empty");
    }
    if (columns < 1 || cellWidth < 1 || cellHeight < 1) {
      throw new IllegalArgumentException(
          "columns, cellWidth and cellHeight must be >= 1, but are: "
              + columns
              + ", "
              + cellWidth
              + ", "
              + cellHeight);
    }
    TextUtils.setUseDrawRotatedStringWorkaround(false);
    int cols = Math.min(columns, charts.size());
    int rows = (charts.size() + columns - 1) / columns;
    BufferedImage image =
        new BufferedImage(cols * cellWidth, rows * cellHeight, BufferedImage.TYPE_INT_RGB);
    Graphics2D base = image.createGraphics();
    base.setColor(Color.WHITE);
    base.fillRect(0, 0, image.getWidth(), image.getHeight());
    PixelGraphics2D g = new PixelGraphics2D(base);
    try {
      for (int k = 0; k < charts.size(); k++) {
        Rectangle2D cell =
            new Rectangle2D.Double(
                (k % columns) * cellWidth, (k / columns) * cellHeight, cellWidth, cellHeight);
        charts.get(k).draw(g, cell);
      }
    } finally {
      g.dispose();
    }
    return image;
  }

  /**
   * Writes an image as PNG.
   *
   * @param image the image
   * @param file the file; replaced if it exists
   * @throws UncheckedIOException if the file cannot be written
   */
  public static void writePng(BufferedImage image, Path file) {
    try {
      if (!ImageIO.write(image, "png", file.toFile())) {
        throw new IOException("no PNG writer");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * Returns the SHA-256 of an image's pixels: its width and height, then every pixel's {@code
   * 0xRRGGBB} row by row, as big-endian ints. Unlike the PNG file's bytes, which depend on the zlib
   * the JDK links, it names the picture itself.
   *
   * @param image the image
   * @return the hash in lower-case hex
   */
  public static String pixelHash(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    ByteBuffer bytes = ByteBuffer.allocate(8 + 4 * w * h);
    bytes.putInt(w).putInt(h);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        bytes.putInt(image.getRGB(x, y) & 0xFFFFFF);
      }
    }
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
