package dev.mia.formats;

import java.awt.image.BufferedImage;

/** The size check shared by {@link Collage} and {@link Inset}. */
final class CanvasSize {
  private CanvasSize() {}

  static void require(BufferedImage image, int width, int height) {
    if (image.getWidth() != width || image.getHeight() != height) {
      throw new IllegalArgumentException(
          "image is "
              + image.getWidth()
              + "x"
              + image.getHeight()
              + " but the layout is "
              + width
              + "x"
              + height);
    }
  }
}
