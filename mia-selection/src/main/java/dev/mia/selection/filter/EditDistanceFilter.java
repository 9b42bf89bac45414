package dev.mia.selection.filter;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.mia.selection.Candidate;
import dev.mia.selection.Verdict;
import dev.mia.selection.distance.Levenshtein;
import java.util.Map;

/**
 * Keeps a candidate whose rejected answer is not a near copy of the chosen one: the normalised
 * Levenshtein distance {@code d(chosen, rejected) / max(|chosen|, |rejected|)} in a {@link
 * TextUnit} is at least a minimum. Score key: {@code edit-distance}.
 *
 * <p>MIA-DPO (arXiv 2410.17637) names an edit-distance filter but did not publish it; this
 * definition and the defaults (code points, at least 0.1) are mia's. See {@link Levenshtein}.
 *
 * <p>Immutable and thread-safe.
 */
public final class EditDistanceFilter implements PairFilter {
  /** Code points, normalised distance at least 0.1. */
  public static final EditDistanceFilter DEFAULT = builder().build();

  private final TextUnit unit;
  private final double minimum;

  private EditDistanceFilter(Builder builder) {
    this.unit = builder.unit;
    this.minimum = builder.minimum;
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
    return "edit-distance";
  }

  @Override
  public Verdict test(Candidate candidate) {
    int[][] units = unit.encode(candidate.chosen(), candidate.rejected());
    double distance = Levenshtein.normalized(units[0], units[1]);
    Map<String, Double> scores = Map.of("edit-distance", distance);
    if (distance >= minimum) {
      return Verdict.keep(scores);
    }
    return Verdict.drop(
        "edit-distance-too-small",
        "normalised edit distance " + distance + " is below " + minimum,
        scores);
  }

  @Override
  public String toString() {
    return "EditDistanceFilter(unit=" + unit + ", minimum=" + minimum + ")";
  }

  /** Builds an {@link EditDistanceFilter}. */
  public static final class Builder {
    private TextUnit unit = TextUnit.CODE_POINTS;
    private double minimum = 0.1;

    private Builder() {}

    /**
     * Sets the unit of the distance. Default: {@link TextUnit#CODE_POINTS}.
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
     * Sets the least normalised distance kept (inclusive). Default: 0.1.
     *
     * @param minimum the minimum, in [0, 1]
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder minimum(double minimum) {
      this.minimum = minimum;
      return this;
    }

    /**
     * Builds the filter.
     *
     * @return the filter
     * @throws IllegalArgumentException if the minimum is outside [0, 1]
     */
    public EditDistanceFilter build() {
      if (!(minimum >= 0 && minimum <= 1)) {
        throw new IllegalArgumentException("minimum must be in [0, 1], but is: " + minimum);
      }
      return new EditDistanceFilter(this);
    }
  }
}
