package dev.mia.core.image;

import java.awt.Color;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * Compositing on a pixel grid: padding onto a background (letterboxing), pasting one image into
 * another, cropping. All work on exact integer pixels (no resampling, no Java2D blending), so the
 * results are the same on every platform; an alpha channel in an input is first composited over
 * white by {@link ImageLoader#toRgb}.
 */
public final class Canvas {
  private Canvas() {}

  /**
   * Places an image on a canvas of a background colour without scaling it. With {@link
   * Placement#TOP_LEFT} the image's top-left pixel lands at (0, 0); with {@link Placement#CENTRE}
   * at {@code (floor((width - w) / 2), floor((height - h) / 2))}.
   *
   * @param image the image; not modified
   * @param width the canvas width, at least the image's width
   * @param height the canvas height, at least the image's height
   * @param background the canvas colour; its alpha is ignored
   * @param placement where the image goes
   * @return a new TYPE_INT_RGB image of size {@code width x height}
   * @throws IllegalArgumentException if the canvas is smaller than the image in either direction
   */
  public static BufferedImage pad(
      BufferedImage image, int width, int height, Color background, Placement placement) {
    int w = image.getWidth();
    int h = image.getHeight();
    if (width < w || height < h) {
      throw new IllegalArgumentException(
          "canvas "
              + width
              + "x"
              + height
              + " must be at least as large as the image "
              + w
              + "x"
              + h);
    }
    int[] out = new int[width * height];
    Arrays.fill(out, background.getRGB() & 0xFFFFFF);
    int x0 = placement == Placement.CENTRE ? (width - w) / 2 : 0;
    int y0 = placement == Placement.CENTRE ? (height - h) / 2 : 0;
    int[] src = Pixels.rgb(image);
    for (int y = 0; y < h; y++) {
      System.arraycopy(src, y * w, out, (y0 + y) * width + x0, w);
    }
    return Pixels.fromRgb(width, height, out);
  }

  /**
   * Resizes an image to fit a box keeping its aspect ratio ({@link Resize#toFit}), then pads it to
   * exactly the box size ({@link #pad}): MIA-DPO's grid tile is {@code letterbox(image, 448, 448,
   * Color.WHITE, Placement.TOP_LEFT)}.
   *
   * @param image the image; not modified
   * @param width the box width, at least 1
   * @param height the box height, at least 1
   * @param background the colour of the unused part of the box; its alpha is ignored
   * @param placement where the resized image goes in the box
   * @return a new TYPE_INT_RGB image of size {@code width x height}
   * @throws IllegalArgumentException if {@code width} or {@code height} is below 1
   */
  public static BufferedImage letterbox(
      BufferedImage image, int width, int height, Color background, Placement placement) {
    return pad(Resize.toFit(image, width, height), width, height, background, placement);
  }

  /**
   * Returns a copy of {@code base} with {@code overlay} drawn over it, its top-left pixel at {@code
   * (x, y)} of the base; the parts of the overlay outside the base are clipped away. Offsets may be
   * negative.
   *
   * @param base the image drawn on; not modified
   * @param overlay the image to draw; not modified
   * @param x the base column of the overlay's left edge
   * @param y the base row of the overlay's top edge
   * @return a new TYPE_INT_RGB image of the base's size
   * @throws IllegalArgumentException if the overlay does not overlap the base at all
   */
  public static BufferedImage paste(BufferedImage base, BufferedImage overlay, int x, int y) {
    int bw = base.getWidth();
    int bh = base.getHeight();
    int ow = overlay.getWidth();
    int oh = overlay.getHeight();
    Rectangle visible = new Rectangle(0, 0, bw, bh).intersection(new Rectangle(x, y, ow, oh));
    if (visible.isEmpty()) {
      throw new IllegalArgumentException(
          "overlay "
              + ow
              + "x"
              + oh
              + " at ("
              + x
              + ", "
              + y
              + ") lies entirely outside the base image "
              + bw
              + "x"
              + bh);
    }
    int[] out = Pixels.rgb(base);
    int[] src = Pixels.rgb(overlay);
    for (int row = visible.y; row < visible.y + visible.height; row++) {
      System.arraycopy(
          src, (row - y) * ow + (visible.x - x), out, row * bw + visible.x, visible.width);
    }
    return Pixels.fromRgb(bw, bh, out);
  }

  /**
   * Returns the pixels of a region of an image as a new image.
   *
   * @param image the image; not modified
   * @param region the region to keep; must be non-empty and lie within the image. Not modified.
   * @return a new TYPE_INT_RGB image of the region's size
   * @throws IllegalArgumentException if the region is empty or reaches outside the image
   */
  public static BufferedImage crop(BufferedImage image, Rectangle region) {
    int w = image.getWidth();
    Pixels.checkRegion("region", region, w, image.getHeight());
    int[] src = Pixels.rgb(image);
    int[] out = new int[region.width * region.height];
    for (int row = 0; row < region.height; row++) {
      System.arraycopy(src, (region.y + row) * w + region.x, out, row * region.width, region.width);
    }
    return Pixels.fromRgb(region.width, region.height, out);
  }
}
