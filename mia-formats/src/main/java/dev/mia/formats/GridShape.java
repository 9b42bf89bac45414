package dev.mia.formats;

/**
 * The rows and columns of a collage.
 *
 * @param rows the number of rows, at least 1
 * @param columns the number of columns, at least 1
 */
public record GridShape(int rows, int columns) {
  /**
   * Validates the components; see the type's documentation for the rules.
   *
   * @param rows the number of rows, at least 1
   * @param columns the number of columns, at least 1
   */
  public GridShape {
    if (rows < 1 || columns < 1) {
      throw new IllegalArgumentException(
          "rows and columns must be >= 1, but are: " + rows + "x" + columns);
    }
  }

  /**
   * Returns the number of cells.
   *
   * @return {@code rows * columns}
   */
  public int cells() {
    return rows * columns;
  }

  /** {@return {@code rows x columns}, for example {@code 2x3}} */
  @Override
  public String toString() {
    return rows + "x" + columns;
  }
}
