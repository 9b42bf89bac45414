package dev.mia.selection.filter;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.mia.selection.Candidate;
import dev.mia.selection.Comparison;
import dev.mia.selection.Verdict;
import java.util.Map;

/**
 * Keeps a candidate whose generated rejected answer has a perplexity above a threshold: MIA-DPO
 * (arXiv 2410.17637, released {@code make_data_*.py}) keeps a rejected answer only when {@code PPL
 * > 1.1}, so that near-certain, canned generations are not used as negatives. See {@link
 * Perplexity} for the formula. Score key: {@code perplexity}.
 *
 * <p>Immutable and thread-safe.
 */
public final class PerplexityFilter implements PairFilter {
  /** MIA-DPO's filter: keep when {@code PPL > 1.1}. */
  public static final PerplexityFilter MIA_DPO = builder().build();

  private final double threshold;
  private final Comparison keepWhen;

  private PerplexityFilter(Builder builder) {
    this.threshold = builder.threshold;
    this.keepWhen = builder.keepWhen;
  }

  /**
   * Starts a builder with MIA-DPO's defaults.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return "perplexity";
  }

  /**
   * {@inheritDoc}
   *
   * @throws dev.mia.core.InvalidSampleException if the candidate has no step log-probs
   * @throws dev.mia.core.NonFiniteValueException if a step log-prob is NaN or infinite
   */
  @Override
  public Verdict test(Candidate candidate) {
    double ppl = Perplexity.of(candidate.id(), candidate.rejectedStepLogProbs());
    Map<String, Double> scores = Map.of("perplexity", ppl);
    if (keepWhen.holds(ppl, threshold)) {
      return Verdict.keep(scores);
    }
    return Verdict.drop(
        "perplexity-out-of-range",
        "perplexity " + ppl + " is not " + keepWhen.symbol() + " " + threshold,
        scores);
  }

  @Override
  public String toString() {
    return "PerplexityFilter(keepWhen=perplexity " + keepWhen.symbol() + " " + threshold + ")";
  }

  /** Builds a {@link PerplexityFilter}. */
  public static final class Builder {
    private double threshold = 1.1;
    private Comparison keepWhen = Comparison.ABOVE;

    private Builder() {}

    /**
     * Sets the threshold. Default: 1.1 (MIA-DPO).
     *
     * @param threshold a finite threshold
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder threshold(double threshold) {
      this.threshold = threshold;
      return this;
    }

    /**
     * Sets how the perplexity must compare with the threshold to keep. Default: {@link
     * Comparison#ABOVE} (MIA-DPO).
     *
     * @param keepWhen the comparison
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder keepWhen(Comparison keepWhen) {
      this.keepWhen = requireNonNull(keepWhen, "keepWhen");
      return this;
    }

    /**
     * Builds the filter.
     *
     * @return the filter
     * @throws IllegalArgumentException if the threshold is not finite
     */
    public PerplexityFilter build() {
      if (!Double.isFinite(threshold)) {
        throw new IllegalArgumentException("threshold must be finite, but is: " + threshold);
      }
      return new PerplexityFilter(this);
    }
  }
}
