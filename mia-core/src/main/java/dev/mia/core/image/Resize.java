package dev.mia.core.image;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import net.coobird.thumbnailator.resizers.Resizers;

/**
 * Resizing to an exact size or to fit a box keeping the aspect ratio.
 *
 * <h2>Resampling</h2>
 *
 * <ul>
 *   <li>Shrinking (neither side grows): Thumbnailator's progressive bilinear resizer, which halves
 *       the image with bilinear interpolation until within a factor of two of the target and then
 *       takes one bilinear step. It avoids the aliasing of Java2D's one-step scaling (about 36 dB
 *       PSNR against an area average for 1024x768 to 224x224, versus 18 dB for one bicubic step).
 *   <li>Enlarging (either side grows): Java2D bicubic interpolation ({@link
 *       RenderingHints#VALUE_INTERPOLATION_BICUBIC}) in one step, with quality rendering hints.
 *   <li>Same size: a copy.
 * </ul>
 *
 * Java2D's software loops are deterministic for a given JDK and platform; the seeded operations of
 * this package ({@link GaussianNoise}, {@link DiffusionNoise}, {@link GaussianBlur}) are pure Java
 * and identical everywhere.
 */
public final class Resize {
  private Resize() {}

  /**
   * Returns the largest size with the source's aspect ratio that fits into a box: {@code scale =
   * min(maxWidth / width, maxHeight / height)}, each side {@code round(side * scale)} and at least
   * 1. Both growing and shrinking are allowed: 1000x500 into 448x448 gives 448x224, and 100x50 into
   * 448x448 gives 448x224.
   *
   * @param source the source size
   * @param maxWidth the box width, at least 1
   * @param maxHeight the box height, at least 1
   * @return the fitted size
   * @throws IllegalArgumentException if {@code maxWidth} or {@code maxHeight} is below 1
   */
  public static ImageSize fittedSize(ImageSize source, int maxWidth, int maxHeight) {
    checkBox(maxWidth, maxHeight);
    double scale =
        Math.min((double) maxWidth / source.width(), (double) maxHeight / source.height());
    int w = (int) Math.min(maxWidth, Math.max(1, Math.round(source.width() * scale)));
    int h = (int) Math.min(maxHeight, Math.max(1, Math.round(source.height() * scale)));
    return new ImageSize(w, h);
  }

  /**
   * Resizes an image to fit into a box keeping its aspect ratio ({@link #fittedSize}), shrinking or
   * enlarging as needed.
   *
   * @param image the image; not modified
   * @param maxWidth the box width, at least 1
   * @param maxHeight the box height, at least 1
   * @return a new TYPE_INT_RGB image of the fitted size
   * @throws IllegalArgumentException if {@code maxWidth} or {@code maxHeight} is below 1
   */
  public static BufferedImage toFit(BufferedImage image, int maxWidth, int maxHeight) {
    ImageSize size =
        fittedSize(new ImageSize(image.getWidth(), image.getHeight()), maxWidth, maxHeight);
    return toSize(image, size.width(), size.height());
  }

  /**
   * Resizes an image to an exact size, ignoring its aspect ratio.
   *
   * @param image the image; not modified
   * @param width the new width, at least 1
   * @param height the new height, at least 1
   * @return a new TYPE_INT_RGB image of the given size
   * @throws IllegalArgumentException if {@code width} or {@code height} is below 1
   */
  public static BufferedImage toSize(BufferedImage image, int width, int height) {
    if (width < 1) {
      throw new IllegalArgumentException("width must be >= 1, but is: " + width);
    }
    if (height < 1) {
      throw new IllegalArgumentException("height must be >= 1, but is: " + height);
    }
    BufferedImage src = Pixels.asRgb(image);
    int w = src.getWidth();
    int h = src.getHeight();
    if (width == w && height == h) {
      return Pixels.copy(src);
    }
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    if (width <= w && height <= h) {
      Resizers.PROGRESSIVE.resize(src, out);
    } else {
      Graphics2D g = out.createGraphics();
      try {
        g.setRenderingHint(
            RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(src, 0, 0, width, height, null);
      } finally {
        g.dispose();
      }
    }
    return out;
  }

  private static void checkBox(int maxWidth, int maxHeight) {
    if (maxWidth < 1) {
      throw new IllegalArgumentException("maxWidth must be >= 1, but is: " + maxWidth);
    }
    if (maxHeight < 1) {
      throw new IllegalArgumentException("maxHeight must be >= 1, but is: " + maxHeight);
    }
  }
}
