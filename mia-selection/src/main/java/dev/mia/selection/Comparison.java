package dev.mia.selection;

/**
 * How a value is compared with a threshold. Released code is not consistent about strictness:
 * MIA-DPO keeps a sequence sample when its attention share is {@code <=} the threshold but a grid
 * or pic-in-pic sample when it is {@code <} (arXiv 2410.17637, {@code make_data_duotu.py} vs {@code
 * make_data_ping.py}), so every threshold in mia carries its comparison.
 *
 * <p>A NaN value never satisfies any comparison.
 */
public enum Comparison {
  /** {@code value < threshold}. */
  BELOW("<"),
  /** {@code value <= threshold}. */
  AT_MOST("<="),
  /** {@code value > threshold}. */
  ABOVE(">"),
  /** {@code value >= threshold}. */
  AT_LEAST(">=");

  private final String symbol;

  Comparison(String symbol) {
    this.symbol = symbol;
  }

  /**
   * Tells whether {@code value} compares to {@code threshold} as this comparison says.
   *
   * @param value the value
   * @param threshold the threshold
   * @return true if the comparison holds; false if either is NaN
   */
  public boolean holds(double value, double threshold) {
    switch (this) {
      case BELOW:
        return value < threshold;
      case AT_MOST:
        return value <= threshold;
      case ABOVE:
        return value > threshold;
      case AT_LEAST:
        return value >= threshold;
      default:
        throw new AssertionError(this);
    }
  }

  /**
   * Returns the comparison's symbol, e.g. {@code <=}.
   *
   * @return the symbol
   */
  public String symbol() {
    return symbol;
  }
}
