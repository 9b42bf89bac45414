package dev.mia.loss.ddpo;

/**
 * A run of equal tokens: {@code a[aStart, aStart + size) == b[bStart, bStart + size)}.
 *
 * @param aStart start in the first sequence
 * @param bStart start in the second sequence
 * @param size the number of equal tokens, {@code >= 0}
 */
public record MatchingBlock(int aStart, int bStart, int size) {
  /**
   * Validates the block.
   *
   * @param aStart start in the first sequence
   * @param bStart start in the second sequence
   * @param size the number of equal tokens, {@code >= 0}
   * @throws IllegalArgumentException if a value is negative
   */
  public MatchingBlock {
    if (aStart < 0 || bStart < 0 || size < 0) {
      throw new IllegalArgumentException(
          "aStart, bStart and size must be >= 0, but are: " + aStart + ", " + bStart + ", " + size);
    }
  }
}
