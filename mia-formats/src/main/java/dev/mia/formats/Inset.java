package dev.mia.formats;

import static java.util.Objects.requireNonNull;

import dev.mia.core.data.Layout;
import java.awt.image.BufferedImage;

/**
 * A composed pic-in-pic canvas and where the inner picture is.
 *
 * @param image the canvas, TYPE_INT_RGB, of the background's size
 * @param layout the canvas size and the inner picture's box
 */
public record Inset(BufferedImage image, Layout.PicInPic layout) {
  /**
   * Validates the components; see the type's documentation for the rules.
   *
   * @param image the canvas, TYPE_INT_RGB, of the background's size
   * @param layout the canvas size and the inner picture's box
   */
  public Inset {
    requireNonNull(image, "image");
    requireNonNull(layout, "layout");
    CanvasSize.require(image, layout.width(), layout.height());
  }
}
