package dev.mia.selection.filter;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.mia.selection.Candidate;
import dev.mia.selection.Verdict;
import java.util.Map;

/**
 * Keeps a candidate whose rejected answer is neither much shorter nor much longer than the chosen
 * one: {@code min <= |rejected| / |chosen| <= max}, lengths in a {@link TextUnit}. Score key:
 * {@code length-ratio}.
 *
 * <p>MIA-DPO (arXiv 2410.17637) names a length-ratio filter but did not publish it; this definition
 * and the defaults (words, [0.25, 4]) are mia's. A blank rejected answer has ratio 0.
 *
 * <p>Immutable and thread-safe.
 */
public final class LengthRatioFilter implements PairFilter {
  /** Words, bounds [0.25, 4] inclusive. */
  public static final LengthRatioFilter DEFAULT = builder().build();

  private final TextUnit unit;
  private final double min;
  private final double max;

  private LengthRatioFilter(Builder builder) {
    this.unit = builder.unit;
    this.min = builder.min;
    this.max = builder.max;
  }

  /**
   * Starts a builder with the defaults.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return "length-ratio";
  }

  @Override
  public Verdict test(Candidate candidate) {
    double ratio = unit.count(candidate.rejected()) / (double) unit.count(candidate.chosen());
    Map<String, Double> scores = Map.of("length-ratio", ratio);
    if (ratio < min) {
      return Verdict.drop(
          "length-ratio-too-low", "length ratio " + ratio + " is below " + min, scores);
    }
    if (ratio > max) {
      return Verdict.drop(
          "length-ratio-too-high", "length ratio " + ratio + " is above " + max, scores);
    }
    return Verdict.keep(scores);
  }

  @Override
  public String toString() {
    return "LengthRatioFilter(unit=" + unit + ", min=" + min + ", max=" + max + ")";
  }

  /** Builds a {@link LengthRatioFilter}. */
  public static final class Builder {
    private TextUnit unit = TextUnit.WORDS;
    private double min = 0.25;
    private double max = 4.0;

    private Builder() {}

    /**
     * Sets the unit of length. Default: {@link TextUnit#WORDS}.
     *
     * @param unit the unit
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder unit(TextUnit unit) {
      this.unit = requireNonNull(unit, "unit");
      return this;
    }

    /**
     * Sets the bounds of the ratio, both inclusive. Default: [0.25, 4].
     *
     * @param min the least ratio kept, at least 0
     * @param max the greatest ratio kept, at least {@code min}
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder bounds(double min, double max) {
      this.min = min;
      this.max = max;
      return this;
    }

    /**
     * Builds the filter.
     *
     * @return the filter
     * @throws IllegalArgumentException if the bounds are not {@code 0 <= min <= max}, finite
     */
    public LengthRatioFilter build() {
      if (!(min >= 0 && min <= max && Double.isFinite(max))) {
        throw new IllegalArgumentException(
            "bounds must satisfy 0 <= min <= max < infinity, but are: [" + min + ", " + max + "]");
      }
      return new LengthRatioFilter(this);
    }
  }
}
