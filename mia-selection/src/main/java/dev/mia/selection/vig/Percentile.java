package dev.mia.selection.vig;

import org.apache.commons.math3.stat.descriptive.rank.Percentile.EstimationType;
import org.apache.commons.math3.stat.ranking.NaNStrategy;

/**
 * Percentiles by linear interpolation between order statistics: Hyndman and Fan's definition 7,
 * numpy's default ({@code numpy.percentile(x, q)}, method {@code linear}) and R's default type 7,
 * computed by Commons Math ({@link org.apache.commons.math3.stat.descriptive.rank.Percentile} with
 * {@link EstimationType#R_7}).
 *
 * <p>For sorted values {@code x_0 <= ... <= x_{n-1}} and a percent {@code q} in [0, 100]: {@code h
 * = (n - 1) q / 100}, {@code P_q = x_floor(h) + (h - floor(h)) (x_{floor(h)+1} - x_floor(h))}. So
 * {@code P_0} is the minimum, {@code P_100} the maximum and {@code P_50} the usual median. This
 * class adds what Commons Math leaves out: {@code q = 0} (Commons Math takes {@code q} in (0, 100])
 * and errors that name the bad value.
 *
 * <h2>Non-finite values</h2>
 *
 * <p>NaN and infinite values are rejected: the interpolation of two equal infinities is NaN.
 */
public final class Percentile {
  private Percentile() {}

  /**
   * Computes a percentile; the input is not modified.
   *
   * @param values the values, at least one, all finite
   * @param percent the percent, in [0, 100]
   * @return the percentile
   * @throws IllegalArgumentException if there is no value, a value is NaN or infinite, or the
   *     percent is outside [0, 100]
   */
  public static double of(double[] values, double percent) {
    if (!(percent >= 0 && percent <= 100)) {
      throw new IllegalArgumentException("percent must be in [0, 100], but is: " + percent);
    }
    if (values.length == 0) {
      throw new IllegalArgumentException("values must not be empty");
    }
    double min = Double.POSITIVE_INFINITY;
    for (int i = 0; i < values.length; i++) {
      if (Double.isNaN(values[i])) {
        throw new IllegalArgumentException("values must not be NaN, but value " + i + " is");
      }
      if (Double.isInfinite(values[i])) {
        throw new IllegalArgumentException(
            "values must be finite, but value " + i + " is " + values[i]);
      }
      min = Math.min(min, values[i]);
    }
    if (percent == 0) {
      return min;
    }
    // a new instance per call: Commons Math's Percentile caches data and is not thread-safe
    return new org.apache.commons.math3.stat.descriptive.rank.Percentile()
        .withEstimationType(EstimationType.R_7)
        .withNaNStrategy(NaNStrategy.FAILED)
        .evaluate(values, percent);
  }
}
