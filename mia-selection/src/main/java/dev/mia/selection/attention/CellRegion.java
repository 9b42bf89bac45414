package dev.mia.selection.attention;

/** A rectangle of token-grid cells: rows {@code [rowStart, rowEnd)}, columns likewise. */
record CellRegion(int rowStart, int rowEnd, int colStart, int colEnd) {
  CellRegion {
    if (rowStart < 0 || colStart < 0 || rowEnd <= rowStart || colEnd <= colStart) {
      throw new IllegalArgumentException(
          "cell region must be non-empty, but is rows ["
              + rowStart
              + ", "
              + rowEnd
              + "), columns ["
              + colStart
              + ", "
              + colEnd
              + ")");
    }
  }

  /** Sums the region of a row-major {@code height x width} map. */
  double sum(double[] map, int width) {
    double total = 0;
    for (int r = rowStart; r < rowEnd; r++) {
      for (int c = colStart; c < colEnd; c++) {
        total += map[r * width + c];
      }
    }
    return total;
  }
}
