package dev.mia.formats;

import static java.util.Objects.requireNonNull;

import dev.mia.core.data.Layout;
import java.awt.image.BufferedImage;

/**
 * A composed collage and where its tiles are.
 *
 * @param image the canvas, TYPE_INT_RGB, of the layout's size
 * @param layout the canvas size and each tile's box, row-major
 */
public record Collage(BufferedImage image, Layout.Grid layout) {
  /**
   * Validates the components; see the type's documentation for the rules.
   *
   * @param image the canvas, TYPE_INT_RGB, of the layout's size
   * @param layout the canvas size and each tile's box, row-major
   */
  public Collage {
    requireNonNull(image, "image");
    requireNonNull(layout, "layout");
    CanvasSize.require(image, layout.width(), layout.height());
  }
}
