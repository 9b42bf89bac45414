package dev.mia.core.image;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/** Package-private helpers shared by the operations of this package: RGB buffers and rounding. */
final class Pixels {
  private Pixels() {}

  /**
   * Returns the packed {@code 0xRRGGBB} pixels of an image, row-major; a fresh array the caller may
   * modify.
   */
  static int[] rgb(BufferedImage image) {
    BufferedImage rgb = asRgb(image);
    int[] data = ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData();
    int w = rgb.getWidth();
    int h = rgb.getHeight();
    int[] out = new int[w * h];
    // A TYPE_INT_RGB image made by this package has no offset and a scanline stride of width;
    // getRGB handles the general case (sub-images, other strides).
    if (data.length == out.length && rgb.getRaster().getParent() == null) {
      for (int i = 0; i < out.length; i++) {
        out[i] = data[i] & 0xFFFFFF;
      }
    } else {
      rgb.getRGB(0, 0, w, h, out, 0, w);
      for (int i = 0; i < out.length; i++) {
        out[i] &= 0xFFFFFF;
      }
    }
    return out;
  }

  /**
   * Returns the pixels of an image as {@link #rgb} does, but without copying a TYPE_INT_RGB image's
   * own buffer: the result may be that buffer (with undefined top bytes), to be read, never
   * written.
   */
  static int[] rgbForReading(BufferedImage image) {
    if (image.getType() == BufferedImage.TYPE_INT_RGB) {
      int[] data = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
      if (data.length == image.getWidth() * image.getHeight()
          && image.getRaster().getParent() == null) {
        return data;
      }
      return rgb(image);
    }
    return RgbConverter.toRgbPixels(image);
  }

  /** Wraps packed {@code 0xRRGGBB} pixels, row-major, as a new TYPE_INT_RGB image. */
  static BufferedImage fromRgb(int width, int height, int[] pixels) {
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int[] data = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
    System.arraycopy(pixels, 0, data, 0, width * height);
    return out;
  }

  /** Returns the image itself if it is TYPE_INT_RGB, else its RGB normalisation. */
  static BufferedImage asRgb(BufferedImage image) {
    return image.getType() == BufferedImage.TYPE_INT_RGB ? image : RgbConverter.toRgb(image);
  }

  /** Returns a new TYPE_INT_RGB image with the same pixels as the given one. */
  static BufferedImage copy(BufferedImage image) {
    return fromRgb(image.getWidth(), image.getHeight(), rgb(image));
  }

  /** Rounds half up ({@code floor(v + 0.5)}) and clamps to [0, 255]. */
  static int clampRound(double v) {
    double r = StrictMath.floor(v + 0.5);
    if (r <= 0) {
      return 0;
    }
    return r >= 255 ? 255 : (int) r;
  }

  /** Formats a rectangle for messages: {@code (x=1, y=2, width=3, height=4)}. */
  static String describe(Rectangle r) {
    return "(x=" + r.x + ", y=" + r.y + ", width=" + r.width + ", height=" + r.height + ")";
  }

  /**
   * Checks that a region is non-empty and lies within a {@code width x height} image.
   *
   * @throws IllegalArgumentException naming the region and the image size if not
   */
  static void checkRegion(String name, Rectangle r, int width, int height) {
    if (r.width < 1 || r.height < 1) {
      throw new IllegalArgumentException(name + " must not be empty, but is: " + describe(r));
    }
    if (r.x < 0 || r.y < 0 || (long) r.x + r.width > width || (long) r.y + r.height > height) {
      throw new IllegalArgumentException(
          name + " " + describe(r) + " must lie within the image " + width + "x" + height);
    }
  }
}
