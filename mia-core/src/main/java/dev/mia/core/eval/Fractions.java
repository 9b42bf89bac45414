package dev.mia.core.eval;

/** Ratios that are 0 rather than NaN when the denominator is 0. */
final class Fractions {
  private Fractions() {}

  /** Returns {@code numerator / denominator}, or 0 when the denominator is 0. */
  static double ratio(long numerator, long denominator) {
    return denominator == 0 ? 0.0 : (double) numerator / (double) denominator;
  }

  /** Returns the harmonic mean {@code 2pr / (p + r)}, or 0 when {@code p + r} is 0. */
  static double harmonicMean(double p, double r) {
    double sum = p + r;
    return sum == 0.0 ? 0.0 : 2.0 * p * r / sum;
  }

  /** Throws unless the count is non-negative. */
  static void checkCount(String name, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be >= 0, but is: " + value);
    }
  }
}
