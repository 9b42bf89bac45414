package dev.mia.core.model;

/**
 * Where one image's tokens sit in a model's input sequence: a contiguous run of {@code length}
 * positions starting at {@code start}, laid out row-major as a {@code gridHeight x gridWidth} grid
 * of patches (LLaVA-1.5: 576 tokens, 24 x 24).
 *
 * @param start the 0-based position of the image's first token in the full sequence
 * @param length the number of tokens; equals {@code gridHeight * gridWidth}
 * @param gridHeight the number of patch rows, at least 1
 * @param gridWidth the number of patch columns, at least 1
 */
public record ImageSpan(int start, int length, int gridHeight, int gridWidth) {
  /**
   * Validates the span.
   *
   * @param start the 0-based position of the image's first token in the full sequence
   * @param length the number of tokens; equals {@code gridHeight * gridWidth}
   * @param gridHeight the number of patch rows, at least 1
   * @param gridWidth the number of patch columns, at least 1
   */
  public ImageSpan {
    if (start < 0) {
      throw new IllegalArgumentException("start must be >= 0, but is: " + start);
    }
    if (gridHeight < 1 || gridWidth < 1) {
      throw new IllegalArgumentException(
          "grid must be at least 1x1, but is: " + gridHeight + "x" + gridWidth);
    }
    if (length != gridHeight * gridWidth) {
      throw new IllegalArgumentException(
          "length must equal gridHeight * gridWidth = "
              + gridHeight * gridWidth
              + ", but is: "
              + length);
    }
  }

  /**
   * Creates a span of a square grid of patches.
   *
   * @param start the first token's position
   * @param side the grid's side, so that the span has {@code side * side} tokens
   * @return the span
   */
  public static ImageSpan square(int start, int side) {
    return new ImageSpan(start, side * side, side, side);
  }

  /**
   * Returns the position just after the span's last token.
   *
   * @return {@code start + length}
   */
  public int end() {
    return start + length;
  }
}
