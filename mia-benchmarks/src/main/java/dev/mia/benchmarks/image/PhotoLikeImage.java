package dev.mia.benchmarks.image;

import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * A deterministic stand-in for a photo: smooth colour gradients, a few hard-edged discs (edges are
 * what resampling aliases and blurring smooths) and mild pixel noise, so that neither a flat image
 * nor pure noise flatters a kernel.
 */
public final class PhotoLikeImage {
  private PhotoLikeImage() {}

  /**
   * Draws the image.
   *
   * @param width the width in pixels
   * @param height the height in pixels
   * @param seed the seed of the discs and the noise
   * @return a new TYPE_INT_RGB image
   */
  public static BufferedImage create(int width, int height, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int discs = 24;
    int[] cx = new int[discs];
    int[] cy = new int[discs];
    int[] r2 = new int[discs];
    int[] colour = new int[discs];
    for (int i = 0; i < discs; i++) {
      cx[i] = random.nextInt(width);
      cy[i] = random.nextInt(height);
      int r = 8 + random.nextInt(Math.max(9, Math.min(width, height) / 6));
      r2[i] = r * r;
      colour[i] = random.nextInt(1 << 24);
    }
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int[] row = new int[width];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int rgb =
            channel(255.0 * x / width, random) << 16
                | channel(255.0 * y / height, random) << 8
                | channel(128 + 100 * Math.sin(x * 0.02 + y * 0.013), random);
        for (int i = 0; i < discs; i++) {
          int dx = x - cx[i];
          int dy = y - cy[i];
          if (dx * dx + dy * dy <= r2[i]) {
            rgb = colour[i];
          }
        }
        row[x] = rgb;
      }
      image.setRGB(0, y, width, 1, row, 0, width);
    }
    return image;
  }

  private static int channel(double value, SplittableRandom random) {
    return (int) Math.max(0, Math.min(255, Math.round(value + random.nextInt(-6, 7))));
  }
}
