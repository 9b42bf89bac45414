package dev.mia.examples.pipeline;

import java.util.List;

/**
 * The mean and sample standard deviation of one number over seeds.
 *
 * @param mean the mean; NaN without values (and NaN if any value is)
 * @param sd the sample standard deviation {@code sqrt(sum (x - mean)^2 / (n - 1))}; 0 for fewer
 *     than two values
 * @param n the count of values
 */
record Spread(double mean, double sd, int n) {
  /**
   * Summarises values.
   *
   * @param values the values, one per seed
   * @return their spread
   */
  static Spread of(List<Double> values) {
    double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    double ss = 0;
    for (double x : values) {
      ss += (x - mean) * (x - mean);
    }
    return new Spread(
        mean, values.size() > 1 ? Math.sqrt(ss / (values.size() - 1)) : 0.0, values.size());
  }

  /**
   * Formats the spread of a rate in points (x 100), one decimal: {@code 41.2 ± 1.3}; {@code n/a}
   * when the mean is not finite.
   *
   * @return the text
   */
  String points() {
    return Double.isFinite(mean)
        ? MarkdownTable.fixed(100 * mean, 1) + " ± " + MarkdownTable.fixed(100 * sd, 1)
        : "n/a";
  }

  /**
   * Formats the spread of a change of a rate in points (x 100), signed, one decimal: {@code +0.8 ±
   * 0.5}; {@code n/a} when the mean is not finite.
   *
   * @return the text
   */
  String signedPoints() {
    return Double.isFinite(mean)
        ? MarkdownTable.signed(100 * mean, 1) + " ± " + MarkdownTable.fixed(100 * sd, 1)
        : "n/a";
  }
}
