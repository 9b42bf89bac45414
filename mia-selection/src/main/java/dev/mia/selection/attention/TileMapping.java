package dev.mia.selection.attention;

import dev.mia.core.data.Box;

/**
 * How a source image's place on a canvas (a grid tile, a pic-in-pic inner box) is mapped onto the
 * canvas's token grid of {@code gridHeight x gridWidth} patches.
 */
public enum TileMapping {
  /**
   * MIA-DPO's released recipe ({@code make_data_ping.py}, {@code make_data_pip.py}).
   *
   * <ul>
   *   <li>Grid: the token grid is split into {@code rows x columns} blocks (the layout's rows and
   *       columns); block sizes are {@code n / k} cells with the remainder {@code n % k} given one
   *       cell each to the first blocks; tile {@code k} is block {@code (k / columns, k %
   *       columns)}. On LLaVA's 24 x 24 grid: 12 + 12 for two blocks, 8 + 8 + 8 for three.
   *   <li>Pic-in-pic: a fixed centre, rows and columns {@code [m, side - m)} with {@code m =
   *       floor(side / 6)}: indices 4 to 19 of 24, MIA-DPO's centre 16 x 16.
   * </ul>
   *
   * The boxes themselves are not read. This is the default.
   */
  MIA_DPO,
  /**
   * mia's box projection: the token grid is assumed to cover the whole canvas uniformly (cell
   * {@code (r, c)} covers pixels {@code [c W / gw, (c + 1) W / gw) x [r H / gh, (r + 1) H / gh)}),
   * and a cell belongs to a box when its centre lies inside the box; margins and label strips then
   * belong to no tile. If no cell centre lies inside a (very small) box, the cell that holds the
   * box's centre is used. For the default 2-image collage (936 x 488 canvas, tiles 448 wide at y =
   * 40) on a 24 x 24 grid this gives columns 0 to 10 and 13 to 23, rows 2 to 23.
   *
   * <p>Use it for models that resize the whole canvas to their input without padding; models that
   * pad to a square (LLaVA-1.5's {@code pad} mode) need their own mapping.
   */
  BOX_PROJECTION;

  CellRegion tile(
      int gridHeight,
      int gridWidth,
      int rows,
      int columns,
      int tile,
      Box box,
      int canvasWidth,
      int canvasHeight) {
    if (this == MIA_DPO) {
      int row = tile / columns;
      int col = tile % columns;
      return new CellRegion(
          blockStart(gridHeight, rows, row),
          blockStart(gridHeight, rows, row + 1),
          blockStart(gridWidth, columns, col),
          blockStart(gridWidth, columns, col + 1));
    }
    return project(gridHeight, gridWidth, box, canvasWidth, canvasHeight);
  }

  CellRegion inner(int gridHeight, int gridWidth, Box box, int canvasWidth, int canvasHeight) {
    if (this == MIA_DPO) {
      int rowMargin = gridHeight / 6;
      int colMargin = gridWidth / 6;
      return new CellRegion(rowMargin, gridHeight - rowMargin, colMargin, gridWidth - colMargin);
    }
    return project(gridHeight, gridWidth, box, canvasWidth, canvasHeight);
  }

  /** Start of block {@code index} when {@code n} cells are split into {@code k} blocks. */
  static int blockStart(int n, int k, int index) {
    int base = n / k;
    int remainder = n % k;
    return index * base + Math.min(index, remainder);
  }

  private static CellRegion project(
      int gridHeight, int gridWidth, Box box, int canvasWidth, int canvasHeight) {
    int[] rows = centresInside(gridHeight, canvasHeight, box.y(), box.bottom());
    int[] cols = centresInside(gridWidth, canvasWidth, box.x(), box.right());
    return new CellRegion(rows[0], rows[1], cols[0], cols[1]);
  }

  /**
   * Cells {@code [first, last)} whose centre {@code (i + 0.5) size / n} lies in {@code [lo, hi)}.
   */
  private static int[] centresInside(int n, int size, int lo, int hi) {
    int first = -1;
    int end = -1;
    for (int i = 0; i < n; i++) {
      double centre = (i + 0.5) * size / n;
      if (centre >= lo && centre < hi) {
        if (first < 0) {
          first = i;
        }
        end = i + 1;
      }
    }
    if (first < 0) {
      int cell = (int) Math.min(n - 1, Math.floor((lo + hi) / 2.0 * n / size));
      return new int[] {cell, cell + 1};
    }
    return new int[] {first, end};
  }
}
