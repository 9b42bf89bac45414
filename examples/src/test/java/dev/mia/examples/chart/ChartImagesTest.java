package dev.mia.examples.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.mia.formats.label.BitmapFont;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.font.FontRenderContext;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jfree.chart.JFreeChart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartImagesTest {
  /**
   * The pixel hash of {@link SampleCharts#image()}, computed on OpenJDK 17.0.15 (Debian) with
   * JFreeChart 1.5.6. It holds on any machine with that pair: no pixel comes from a font file,
   * fontconfig or a display (the test below checks that the font system never loads); text is
   * integer pixel writes of mia-formats' bitmap font; lines, fills and image draws are Java2D's
   * software loops and its Marlin rasteriser, pure code of the JDK. Another JDK feature release can
   * round antialiased edges differently (Temurin 25.0 differs in 20 of the image's 1,536,000
   * pixels), so the hash is checked on JDK 17, the project's release.
   */
  static final String GOLDEN = "40de61e72cdc800bbdceef4a3f78607bcaee09488f2e19a2941b466ab52436f3";

  /** Classes the JDK loads when it consults the platform's fonts (fontconfig, font files). */
  private static final Pattern FONT_SYSTEM =
      Pattern.compile(
          "\\] (sun\\.font\\.(Font2D|FontManagerFactory|SunFontManager|FontConfigManager)"
              + "|sun\\.awt\\.FontConfiguration) ");

  @Test
  void sample_charts_draw_the_golden_pixels() {
    assumeThat(Runtime.version().feature()).as("the JDK the golden hash is for").isEqualTo(17);
    assertThat(ChartImages.pixelHash(SampleCharts.image())).isEqualTo(GOLDEN);
  }

  @Test
  void another_jvm_with_no_fonts_configured_draws_the_same_pixels_without_the_font_system(
      @TempDir Path dir) throws Exception {
    // an empty fontconfig configuration: the machine has no font at all, as a bare server
    Path fonts = dir.resolve("fonts.conf");
    Files.writeString(fonts, "<?xml version=\"1.0\"?>\n<fontconfig></fontconfig>\n");

    List<String> charts = child(dir, "charts", fonts);
    List<String> control = child(dir, "control", fonts);

    assertThat(charts).contains("hash " + ChartImages.pixelHash(SampleCharts.image()));
    assertThat(fontSystemClasses(dir.resolve("charts-classes.log"))).isEmpty();
    // the control measures a plain platform font in the same setting: the log sees that load
    assertThat(fontSystemClasses(dir.resolve("control-classes.log"))).isNotEmpty();
    assertThat(control).isNotEmpty();
  }

  private static List<String> child(Path dir, String name, Path fonts) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Djava.awt.headless=true");
    command.add("-Xlog:class+load=info:file=" + dir.resolve(name + "-classes.log"));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(SampleCharts.class.getName());
    if (name.equals("control")) {
      command.add("control");
    }
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("FONTCONFIG_FILE", fonts.toString());
    Path log = dir.resolve(name + ".log");
    Process process = builder.redirectOutput(log.toFile()).start();
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).as(name + " finished").isTrue();
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    if (name.equals("charts")) {
      assertThat(process.exitValue()).as("%s: %s", name, lines).isZero();
    }
    return lines;
  }

  private static List<String> fontSystemClasses(Path classLog) throws Exception {
    List<String> hits = new ArrayList<>();
    for (String line : Files.readAllLines(classLog, StandardCharsets.UTF_8)) {
      if (FONT_SYSTEM.matcher(line).find()) {
        hits.add(line);
      }
    }
    return hits;
  }

  @Test
  void pixel_fonts_measure_as_the_bitmap_font() {
    PixelFont font = PixelFont.of(2, Font.PLAIN);
    FontRenderContext frc = new FontRenderContext(null, false, false);

    assertThat(font.getSize()).isEqualTo(18);
    assertThat(font.getStringBounds("abc", frc)).isEqualTo(new Rectangle2D.Float(0, -14, 36, 20));
    assertThat(font.getLineMetrics("abc", frc).getAscent()).isEqualTo(14f);
    assertThat(font.getLineMetrics("abc", frc).getDescent()).isEqualTo(4f);
    assertThat(font.getLineMetrics("abc", frc).getHeight()).isEqualTo(20f);
    assertThat(font.deriveFont(27f)).isEqualTo(PixelFont.of(3, Font.PLAIN));
    assertThat(font.deriveFont(Font.BOLD)).isEqualTo(PixelFont.of(2, Font.BOLD));
    assertThat(PixelFont.like(new Font("Dialog", Font.BOLD, 12)))
        .isEqualTo(PixelFont.of(1, Font.BOLD));
    assertThat(font.canDisplayUpTo("ab~c")).isEqualTo(2);
    assertThat(font).hasToString("PixelFont(scale=2, plain)");
  }

  @Test
  void pixel_fonts_have_no_glyph_vectors() {
    assertThatThrownBy(
            () ->
                PixelFont.of(1, Font.PLAIN)
                    .createGlyphVector(new FontRenderContext(null, false, false), "x"))
        .isExactlyInstanceOf(UnsupportedOperationException.class)
        .hasMessage(
            "a PixelFont has no glyph vectors: draw its text with PixelGraphics2D.drawString");
  }

  @Test
  void rejects_a_scale_below_1() {
    assertThatThrownBy(() -> PixelFont.of(0, Font.PLAIN))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("scale must be >= 1, but is: 0");
  }

  @Test
  void draws_a_string_as_the_bitmap_glyphs_with_the_baseline_at_y() {
    BufferedImage drawn = blank(60, 30);
    Graphics2D g = new PixelGraphics2D(drawn.createGraphics());
    g.setFont(PixelFont.of(2, Font.PLAIN));
    g.setPaint(new Color(0x123456));
    g.drawString("Ab1", 3, 20f);
    g.dispose();

    BufferedImage expected = blank(60, 30);
    // baseline 20, ascent 7 dots of 2 pixels: the cells' top is row 6
    BitmapFont.draw(expected, "Ab1", 3, 6, 2, 0x123456);
    assertThat(ChartImages.pixelHash(drawn)).isEqualTo(ChartImages.pixelHash(expected));
  }

  @Test
  void draws_a_character_the_font_lacks_as_a_question_mark() {
    BufferedImage drawn = blank(20, 12);
    Graphics2D g = new PixelGraphics2D(drawn.createGraphics());
    g.setFont(PixelFont.of(1, Font.PLAIN));
    g.setPaint(Color.BLACK);
    g.drawString("é", 1, 8);
    g.dispose();

    BufferedImage expected = blank(20, 12);
    BitmapFont.draw(expected, "?", 1, 1, 1, 0x000000);
    assertThat(ChartImages.pixelHash(drawn)).isEqualTo(ChartImages.pixelHash(expected));
  }

  @Test
  void draws_rotated_text_as_the_glyphs_turned_a_quarter() {
    BufferedImage drawn = blank(20, 40);
    Graphics2D g = new PixelGraphics2D(drawn.createGraphics());
    g.setFont(PixelFont.of(1, Font.PLAIN));
    g.setPaint(Color.BLACK);
    // as JFreeChart draws a vertical axis label: rotate -90 degrees about the anchor
    g.transform(AffineTransform.getRotateInstance(-Math.PI / 2, 10, 30));
    g.drawString("Ab", 10f, 30f);
    g.dispose();

    BufferedImage flat = blank(11, 9);
    BitmapFont.draw(flat, "Ab", 0, 0, 1, 0x000000);
    // the glyph pixel (x, y) of the text's cell lands at (10 - 7 + y, 30 - x) after the turn
    for (int y = 0; y < 9; y++) {
      for (int x = 0; x < 11; x++) {
        assertThat(drawn.getRGB(3 + y, 29 - x) & 0xFFFFFF)
            .as("glyph pixel (%d, %d)", x, y)
            .isEqualTo(flat.getRGB(x, y) & 0xFFFFFF);
      }
    }
  }

  @Test
  void refuses_glyph_vectors() {
    Graphics2D g = new PixelGraphics2D(blank(1, 1).createGraphics());
    assertThatThrownBy(() -> g.drawGlyphVector(null, 0, 0))
        .isExactlyInstanceOf(UnsupportedOperationException.class)
        .hasMessage("PixelGraphics2D draws text only as strings, not glyph vectors");
  }

  @Test
  void a_grid_is_the_cells_row_by_row() {
    List<JFreeChart> charts = SampleCharts.all();
    BufferedImage grid = ChartImages.grid(charts, 2, 100, 80);
    assertThat(grid.getWidth()).isEqualTo(200);
    assertThat(grid.getHeight()).isEqualTo(240);
  }

  @Test
  void rejects_an_empty_grid_and_bad_sizes() {
    assertThatThrownBy(() -> ChartImages.grid(List.of(), 1, 10, 10))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("charts must not be empty");
    assertThatThrownBy(() -> ChartImages.grid(SampleCharts.all(), 0, 10, 10))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("columns, cellWidth and cellHeight must be >= 1, but are: 0, 10, 10");
  }

  private static BufferedImage blank(int w, int h) {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);
    g.dispose();
    return image;
  }
}
