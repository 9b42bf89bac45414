package dev.mia.formats;

import dev.mia.core.image.ImageLoader;
import dev.mia.core.image.Resize;
import java.awt.image.BufferedImage;

/**
 * Resizing that also works for images one pixel wide or high.
 *
 * <p>mia-core's {@link Resize} returns a black image when it shrinks an image whose width (or
 * height) is 1 and stays 1 (for example 1x1000 to 1x64): the progressive resizer it uses halves
 * that side to nothing. Until that is fixed there, such an image is first widened (or heightened)
 * to 2 pixels by repeating its single column (or row), which resamples to the same colours.
 */
final class Thin {
  private Thin() {}

  static BufferedImage toFit(BufferedImage image, int maxWidth, int maxHeight) {
    return Resize.toFit(doubled(image), maxWidth, maxHeight);
  }

  static BufferedImage toSize(BufferedImage image, int width, int height) {
    return Resize.toSize(doubled(image), width, height);
  }

  private static BufferedImage doubled(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    if (w > 1 && h > 1) {
      return image;
    }
    BufferedImage rgb = ImageLoader.toRgb(image);
    int w2 = w == 1 ? 2 : w;
    int h2 = h == 1 ? 2 : h;
    BufferedImage out = new BufferedImage(w2, h2, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h2; y++) {
      for (int x = 0; x < w2; x++) {
        out.setRGB(x, y, rgb.getRGB(Math.min(x, w - 1), Math.min(y, h - 1)));
      }
    }
    return out;
  }
}
