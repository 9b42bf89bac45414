package dev.mia.examples.pipeline;

import dev.mia.formats.label.BitmapFont;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/** PNG charts drawn with Java2D; text with mia-formats' bitmap font, so output is deterministic. */
final class Plots {
  static final int[] PALETTE = {
    0x1f77b4, 0xd62728, 0x2ca02c, 0xff7f0e, 0x9467bd, 0x8c564b, 0x17becf, 0x7f7f7f
  };
  private static final int W = 420;
  private static final int H = 260;
  private static final int PAD = 40;

  private Plots() {}

  /** One panel per metric, one line per series. */
  static void lines(Path file, String title, Map<String, Map<String, List<Double>>> panels) {
    int n = Math.max(1, panels.size());
    BufferedImage image = canvas(W * n, H + 60);
    text(image, title, 10, 6, 2, 0x000000);
    int p = 0;
    for (Map.Entry<String, Map<String, List<Double>>> panel : panels.entrySet()) {
      int x0 = p * W + PAD;
      int y0 = 40;
      int w = W - PAD - 10;
      int h = H - PAD;
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      int longest = 1;
      for (List<Double> s : panel.getValue().values()) {
        longest = Math.max(longest, s.size());
        for (double v : s) {
          if (Double.isFinite(v)) {
            min = Math.min(min, v);
            max = Math.max(max, v);
          }
        }
      }
      if (!(max > min)) {
        min = Double.isFinite(min) ? min - 0.5 : 0;
        max = min + 1;
      }
      axes(image, x0, y0, w, h, panel.getKey(), min, max);
      Graphics2D g = image.createGraphics();
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setStroke(new BasicStroke(1.5f));
      int k = 0;
      for (Map.Entry<String, List<Double>> series : panel.getValue().entrySet()) {
        int colour = PALETTE[k % PALETTE.length];
        g.setColor(new Color(colour));
        List<Double> s = series.getValue();
        for (int i = 1; i < s.size(); i++) {
          if (Double.isFinite(s.get(i - 1)) && Double.isFinite(s.get(i))) {
            g.drawLine(
                x0 + (i - 1) * w / Math.max(1, longest - 1),
                y0 + h - (int) ((s.get(i - 1) - min) / (max - min) * h),
                x0 + i * w / Math.max(1, longest - 1),
                y0 + h - (int) ((s.get(i) - min) / (max - min) * h));
          }
        }
        if (p == 0) {
          text(image, series.getKey(), 10 + k * 100, H + 30, 1, colour);
        }
        k++;
      }
      g.dispose();
      p++;
    }
    write(image, file);
  }

  /** Overlaid histograms of several samples over a common range. */
  static void histogram(Path file, String title, Map<String, List<Double>> samples, int bins) {
    BufferedImage image = canvas(W + 80, H + 60);
    text(image, title, 10, 6, 2, 0x000000);
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (List<Double> s : samples.values()) {
      for (double v : s) {
        if (Double.isFinite(v)) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
      }
    }
    if (!(max > min)) {
      min = Double.isFinite(min) ? min - 0.5 : 0;
      max = min + 1;
    }
    int[][] counts = new int[samples.size()][bins];
    int top = 1;
    int k = 0;
    for (List<Double> s : samples.values()) {
      for (double v : s) {
        if (Double.isFinite(v)) {
          int b = Math.min(bins - 1, (int) ((v - min) / (max - min) * bins));
          counts[k][b]++;
          top = Math.max(top, counts[k][b]);
        }
      }
      k++;
    }
    int x0 = PAD;
    int y0 = 40;
    int w = W;
    int h = H - PAD;
    axes(image, x0, y0, w, h, "count (max " + top + ")", min, max);
    Graphics2D g = image.createGraphics();
    int barWidth = Math.max(1, w / bins / Math.max(1, samples.size()));
    k = 0;
    for (String name : samples.keySet()) {
      int colour = PALETTE[k % PALETTE.length];
      g.setColor(new Color(colour));
      for (int b = 0; b < bins; b++) {
        int bh = counts[k][b] * h / top;
        g.fillRect(x0 + b * w / bins + k * barWidth, y0 + h - bh, barWidth, bh);
      }
      text(image, name + " (" + samples.get(name).size() + ")", 10 + k * 160, H + 30, 1, colour);
      k++;
    }
    g.dispose();
    write(image, file);
  }

  static BufferedImage canvas(int w, int h) {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);
    g.dispose();
    return image;
  }

  private static void axes(
      BufferedImage image, int x0, int y0, int w, int h, String label, double min, double max) {
    Graphics2D g = image.createGraphics();
    g.setColor(Color.GRAY);
    g.drawLine(x0, y0, x0, y0 + h);
    g.drawLine(x0, y0 + h, x0 + w, y0 + h);
    g.dispose();
    text(image, label, x0, y0 - 12, 1, 0x333333);
    text(image, format(max), 2, y0, 1, 0x333333);
    text(image, format(min), 2, y0 + h - 9, 1, 0x333333);
  }

  private static String format(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  /** Draws text, replacing characters the bitmap font lacks with spaces. */
  static void text(BufferedImage image, String text, int x, int y, int scale, int rgb) {
    StringBuilder clean = new StringBuilder();
    for (char c : text.toCharArray()) {
      clean.append(BitmapFont.supports(c) ? c : ' ');
    }
    BitmapFont.draw(image, clean.toString(), x, y, scale, rgb);
  }

  static void write(BufferedImage image, Path file) {
    try {
      ImageIO.write(image, "png", file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
