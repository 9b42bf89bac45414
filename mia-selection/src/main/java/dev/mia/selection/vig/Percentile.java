package dev.mia.selection.vig;

import java.util.Arrays;

/**
 * Percentiles by linear interpolation between order statistics: Hyndman and Fan's definition 7,
 * numpy's default ({@code numpy.percentile(x, q)}, method {@code linear}) and R's default type 7.
 *
 * <p>For sorted values {@code x_0 <= ... <= x_{n-1}} and a percent {@code q} in [0, 100]: {@code h
 * = (n - 1) q / 100}, {@code P_q = x_floor(h) + (h - floor(h)) (x_{floor(h)+1} - x_floor(h))}. So
 * {@code P_0} is the minimum, {@code P_100} the maximum and {@code P_50} the usual median.
 *
 * <h2>Non-finite values</h2>
 *
 * <p>NaN values are rejected; infinities are allowed and propagate as the formula says.
 */
public final class Percentile {
  private Percentile() {}

  /**
   * Computes a percentile; the input is not modified.
   *
   * @param values the values, at least one, none NaN
   * @param percent the percent, in [0, 100]
   * @return the percentile
   * @throws IllegalArgumentException if there is no value, a value is NaN, or the percent is
   *     outside [0, 100]
   */
  public static double of(double[] values, double percent) {
    if (!(percent >= 0 && percent <= 100)) {
      throw new IllegalArgumentException("percent must be in [0, 100], but is: " + percent);
    }
    if (values.length == 0) {
      throw new IllegalArgumentException("values must not be empty");
    }
    double[] sorted = values.clone();
    for (int i = 0; i < sorted.length; i++) {
      if (Double.isNaN(sorted[i])) {
        throw new IllegalArgumentException("values must not be NaN, but value " + i + " is");
      }
    }
    Arrays.sort(sorted);
    double h = (sorted.length - 1) * percent / 100.0;
    int lower = (int) Math.floor(h);
    if (lower >= sorted.length - 1) {
      return sorted[sorted.length - 1];
    }
    double fraction = h - lower;
    return fraction == 0
        ? sorted[lower]
        : sorted[lower] + fraction * (sorted[lower + 1] - sorted[lower]);
  }
}
