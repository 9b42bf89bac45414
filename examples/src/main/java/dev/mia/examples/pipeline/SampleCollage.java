package dev.mia.examples.pipeline;

import dev.mia.core.data.ImageRef;
import dev.mia.core.data.PreferencePair;
import dev.mia.examples.chart.ChartImages;
import dev.mia.examples.chart.PixelFont;
import dev.mia.formats.label.BitmapFont;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

/**
 * The report's {@code samples.png}: up to 4 preference pairs, each its images (96 pixels high, the
 * same for scenes, grids and pic-in-pics), its question, and its chosen (green) and rejected (red)
 * answers in mia-formats' bitmap font at scale 2, so the pixels are the same on every machine.
 */
final class SampleCollage {
  private static final int THUMB = 96;
  private static final int TEXT_SCALE = 2;
  private static final int LINE = BitmapFont.height(TEXT_SCALE) + 4;
  private static final int ROW_HEIGHT = THUMB + 8 + 3 * LINE + 8;
  private static final int MIN_WIDTH = 900;

  private SampleCollage() {}

  /** Draws up to 4 pairs into a PNG; a blank strip when there is none. */
  static void write(Path file, List<PreferencePair> pairs) {
    List<PreferencePair> shown = pairs.subList(0, Math.min(4, pairs.size()));
    int width = MIN_WIDTH;
    for (PreferencePair p : shown) {
      for (String line : lines(p)) {
        width = Math.max(width, 10 + BitmapFont.width(line, TEXT_SCALE));
      }
    }
    BufferedImage image =
        new BufferedImage(
            width, Math.max(1, shown.size()) * ROW_HEIGHT + 10, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
    int y = 5;
    for (PreferencePair p : shown) {
      int x = 5;
      for (ImageRef ref : p.images()) {
        if (!(ref instanceof ImageRef.InMemory memory)) {
          continue;
        }
        BufferedImage im = memory.image();
        int w = Math.max(1, im.getWidth() * THUMB / im.getHeight());
        g.drawImage(im, x, y, w, THUMB, null);
        x += w + 6;
      }
      List<String> lines = lines(p);
      int ty = y + THUMB + 8;
      text(image, lines.get(0), 5, ty, 0x000000);
      text(image, lines.get(1), 5, ty + LINE, 0x2ca02c);
      text(image, lines.get(2), 5, ty + 2 * LINE, 0xd62728);
      y += ROW_HEIGHT;
    }
    g.dispose();
    ChartImages.writePng(image, file);
  }

  /** The question's last line, the chosen and the rejected answer. */
  private static List<String> lines(PreferencePair p) {
    String[] question = p.prompt().questions().get(0).split("\n");
    return List.of(
        question[question.length - 1], "chosen: " + p.chosen(), "rejected: " + p.rejected());
  }

  private static void text(BufferedImage image, String text, int x, int y, int rgb) {
    BitmapFont.draw(image, PixelFont.drawable(text), x, y, TEXT_SCALE, rgb);
  }
}
