package dev.mia.core.data;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Where each source image sits in a multi-image sample, so that attention can be mapped back to
 * images: separate images for {@link Sequence}, tiles of one canvas for {@link Grid}, an inner box
 * of one canvas for {@link PicInPic}.
 *
 * <p>Each layout also records which image went into each place ({@link #sources()}: id and content
 * hash, in the order the layout numbers its source images), so that a collage can be audited
 * without decoding it. mia-formats always records them; a layout made by hand may leave them out
 * (an empty list), for example when only the geometry matters.
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
   * Returns the image shown in each place, in the layout's order: the images of a sequence, the
   * tiles of a grid row-major, the background then the inner picture of a pic-in-pic.
   *
   * @return {@link #sourceImageCount()} sources, or an empty list if they were not recorded
   */
  List<SourceImage> sources();

  /** Checks that sources are either absent or one per source image. */
  private static List<SourceImage> checkedSources(List<SourceImage> sources, int count) {
    List<SourceImage> copy = List.copyOf(requireNonNull(sources, "sources"));
    if (!copy.isEmpty() && copy.size() != count) {
      throw new IllegalArgumentException(
          "sources must be empty or one per source image (" + count + "), but are: " + copy.size());
    }
    return copy;
  }

  /**
   * Separate images, shown to the model one after the other.
   *
   * @param imageCount how many images, at least 1
   * @param sources the image shown at each position, or empty if not recorded; copied
   */
  record Sequence(int imageCount, List<SourceImage> sources) implements Layout {
    /**
     * Validates the components; see the type's documentation for the rules.
     *
     * @param imageCount how many images, at least 1
     * @param sources the image shown at each position, or empty if not recorded; copied
     */
    public Sequence {
      if (imageCount < 1) {
        throw new IllegalArgumentException("imageCount must be >= 1, but is: " + imageCount);
      }
      sources = checkedSources(sources, imageCount);
    }

    /**
     * Makes a sequence layout without recorded sources.
     *
     * @param imageCount how many images, at least 1
     */
    public Sequence(int imageCount) {
      this(imageCount, List.of());
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
   * @param sources the image shown in each tile, row-major, or empty if not recorded; copied
   */
  record Grid(
      int rows, int columns, int width, int height, List<Box> tiles, List<SourceImage> sources)
      implements Layout {
    /**
     * Validates the components; see the type's documentation for the rules.
     *
     * @param rows the number of rows, at least 1
     * @param columns the number of columns, at least 1
     * @param width the canvas width in pixels
     * @param height the canvas height in pixels
     * @param tiles each tile's box on the canvas, row-major; at most {@code rows * columns}
     * @param sources the image shown in each tile, row-major, or empty if not recorded; copied
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
      sources = checkedSources(sources, tiles.size());
    }

    /**
     * Makes a grid layout without recorded sources.
     *
     * @param rows the number of rows, at least 1
     * @param columns the number of columns, at least 1
     * @param width the canvas width in pixels
     * @param height the canvas height in pixels
     * @param tiles each tile's box on the canvas, row-major; at most {@code rows * columns}
     */
    public Grid(int rows, int columns, int width, int height, List<Box> tiles) {
      this(rows, columns, width, height, tiles, List.of());
    }

    /**
     * Returns this layout with the image of each tile recorded.
     *
     * @param sources the image shown in each tile, row-major
     * @return a new layout
     */
    public Grid withSources(List<SourceImage> sources) {
      return new Grid(rows, columns, width, height, tiles, sources);
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
   * @param sources the background then the inner picture, or empty if not recorded; copied
   */
  record PicInPic(int width, int height, Box inner, List<SourceImage> sources) implements Layout {
    /**
     * Validates the components; see the type's documentation for the rules.
     *
     * @param width the canvas (background) width in pixels
     * @param height the canvas height in pixels
     * @param inner the box of the pasted picture
     * @param sources the background then the inner picture, or empty if not recorded; copied
     */
    public PicInPic {
      requireNonNull(inner, "inner");
      if (!inner.fitsIn(width, height)) {
        throw new IllegalArgumentException(
            "inner box " + inner + " crosses the canvas " + width + "x" + height);
      }
      sources = checkedSources(sources, 2);
    }

    /**
     * Makes a pic-in-pic layout without recorded sources.
     *
     * @param width the canvas (background) width in pixels
     * @param height the canvas height in pixels
     * @param inner the box of the pasted picture
     */
    public PicInPic(int width, int height, Box inner) {
      this(width, height, inner, List.of());
    }

    /**
     * Returns this layout with its background and inner picture recorded.
     *
     * @param background the background image
     * @param innerPicture the pasted picture
     * @return a new layout
     */
    public PicInPic withSources(SourceImage background, SourceImage innerPicture) {
      return new PicInPic(width, height, inner, List.of(background, innerPicture));
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
