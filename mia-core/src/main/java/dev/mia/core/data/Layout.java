package dev.mia.core.data;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Where each source image sits in a multi-image sample, so that attention can be mapped back to
 * images: separate images for {@link Sequence}, tiles of one canvas for {@link Grid}, an inner box
 * of one canvas for {@link PicInPic}.
 */
public sealed interface Layout permits Layout.Sequence, Layout.Grid, Layout.PicInPic {

  /**
   * Returns the format this layout belongs to.
   *
   * @return the format
   */
  MultiImageFormat format();

  /**
   * Returns how many source images the layout shows.
   *
   * @return the number of source images
   */
  int sourceImageCount();

  /**
   * Returns how many images the model receives: one per source image for a sequence, one canvas
   * otherwise.
   *
   * @return the number of model images
   */
  int modelImageCount();

  /**
   * Separate images, shown to the model one after the other.
   *
   * @param imageCount how many images, at least 1
   */
  record Sequence(int imageCount) implements Layout {
    /**
     * Validates the components; see the type's documentation for the rules.
     *
     * @param imageCount how many images, at least 1
     */
    public Sequence {
      if (imageCount < 1) {
        throw new IllegalArgumentException("imageCount must be >= 1, but is: " + imageCount);
      }
    }

    @Override
    public MultiImageFormat format() {
      return MultiImageFormat.SEQUENCE;
    }

    @Override
    public int sourceImageCount() {
      return imageCount;
    }

    @Override
    public int modelImageCount() {
      return imageCount;
    }
  }

  /**
   * A collage: tiles on one canvas, numbered row-major from the top-left.
   *
   * @param rows the number of rows, at least 1
   * @param columns the number of columns, at least 1
   * @param width the canvas width in pixels
   * @param height the canvas height in pixels
   * @param tiles each tile's box on the canvas, row-major; at most {@code rows * columns}
   */
  record Grid(int rows, int columns, int width, int height, List<Box> tiles) implements Layout {
    /**
     * Validates the components; see the type's documentation for the rules.
     *
     * @param rows the number of rows, at least 1
     * @param columns the number of columns, at least 1
     * @param width the canvas width in pixels
     * @param height the canvas height in pixels
     * @param tiles each tile's box on the canvas, row-major; at most {@code rows * columns}
     */
    public Grid {
      if (rows < 1 || columns < 1) {
        throw new IllegalArgumentException(
            "rows and columns must be >= 1, but are: " + rows + "x" + columns);
      }
      tiles = List.copyOf(requireNonNull(tiles, "tiles"));
      if (tiles.isEmpty() || tiles.size() > rows * columns) {
        throw new IllegalArgumentException(
            "a "
                + rows
                + "x"
                + columns
                + " grid holds 1 to "
                + rows * columns
                + " tiles, but has: "
                + tiles.size());
      }
      for (int i = 0; i < tiles.size(); i++) {
        if (!tiles.get(i).fitsIn(width, height)) {
          throw new IllegalArgumentException(
              "tile " + i + " " + tiles.get(i) + " crosses the canvas " + width + "x" + height);
        }
      }
    }

    @Override
    public MultiImageFormat format() {
      return MultiImageFormat.GRID;
    }

    @Override
    public int sourceImageCount() {
      return tiles.size();
    }

    @Override
    public int modelImageCount() {
      return 1;
    }
  }

  /**
   * A background image with the target pasted inside it.
   *
   * @param width the canvas (background) width in pixels
   * @param height the canvas height in pixels
   * @param inner the box of the pasted picture
   */
  record PicInPic(int width, int height, Box inner) implements Layout {
    /**
     * Validates the components; see the type's documentation for the rules.
     *
     * @param width the canvas (background) width in pixels
     * @param height the canvas height in pixels
     * @param inner the box of the pasted picture
     */
    public PicInPic {
      requireNonNull(inner, "inner");
      if (!inner.fitsIn(width, height)) {
        throw new IllegalArgumentException(
            "inner box " + inner + " crosses the canvas " + width + "x" + height);
      }
    }

    @Override
    public MultiImageFormat format() {
      return MultiImageFormat.PIC_IN_PIC;
    }

    /** Returns 2: the background and the inner picture. */
    @Override
    public int sourceImageCount() {
      return 2;
    }

    @Override
    public int modelImageCount() {
      return 1;
    }
  }
}
