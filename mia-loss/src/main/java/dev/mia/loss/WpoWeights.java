package dev.mia.loss;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import dev.mia.core.tensor.PerTokenLogProbs;
import dev.mia.core.tensor.TokenLogProbs;

/**
 * WPO's per-pair weights (Zhou et al., "WPO: Enhancing RLHF with Weighted Preference Optimization",
 * arXiv 2406.11827, eq. 2): {@code w = exp(a_c) * exp(a_r)} with {@code a = mean_t (log p_t - log
 * sum_v p_v^2)} over each response's tokens, computed without gradient. Pass the result to {@link
 * PreferenceLogProbs.Builder#pairWeights}.
 *
 * <p>The per-token {@code log sum_v p_v^2} comes from {@link
 * TokenLogProbs#logSquaredProbabilityMass}. {@link Clamp#AT_MOST_ONE} matches TRL 0.24 (which
 * clamps the product at 1); {@link Clamp#NONE} matches current TRL.
 */
public final class WpoWeights {
  private WpoWeights() {}

  /** Whether the weights are capped at 1. */
  public enum Clamp {
    /** {@code min(1, w)}: TRL 0.24. */
    AT_MOST_ONE,
    /** No cap: current TRL. */
    NONE
  }

  /**
   * Computes the weights.
   *
   * @param chosen per-token policy log-probabilities of the chosen responses
   * @param chosenLogSquaredMass per-token {@code log sum_v p_v^2} of the chosen responses
   * @param rejected per-token policy log-probabilities of the rejected responses
   * @param rejectedLogSquaredMass per-token {@code log sum_v p_v^2} of the rejected responses
   * @param clamp whether to cap at 1
   * @return {@code [B]} weights without gradient, attached to the manager of {@code
   *     chosen.values()}
   * @throws IllegalArgumentException if the shapes of a response's two inputs differ
   */
  public static NDArray compute(
      PerTokenLogProbs chosen,
      PerTokenLogProbs chosenLogSquaredMass,
      PerTokenLogProbs rejected,
      PerTokenLogProbs rejectedLogSquaredMass,
      Clamp clamp) {
    requireNonNull(clamp, "clamp");
    NDArray chosenMean = alignedMean(chosen, chosenLogSquaredMass);
    NDArray rejectedMean = alignedMean(rejected, rejectedLogSquaredMass);
    NDArray weights = chosenMean.add(rejectedMean).exp().stopGradient();
    chosenMean.close();
    rejectedMean.close();
    if (clamp == Clamp.AT_MOST_ONE) {
      NDArray clamped = weights.minimum(1);
      weights.close();
      return clamped;
    }
    return weights;
  }

  private static NDArray alignedMean(PerTokenLogProbs logProbs, PerTokenLogProbs mass) {
    requireNonNull(logProbs, "logProbs");
    requireNonNull(mass, "mass");
    if (!logProbs.values().getShape().equals(mass.values().getShape())) {
      throw new IllegalArgumentException(
          "log squared mass shape "
              + mass.values().getShape()
              + " does not match log-probs shape "
              + logProbs.values().getShape());
    }
    NDArray detached = logProbs.values().stopGradient();
    NDArray massValues = mass.values().stopGradient();
    NDArray aligned = detached.sub(massValues);
    NDArray mean = new PerTokenLogProbs(aligned, logProbs.mask()).mean();
    detached.close();
    massValues.close();
    aligned.close();
    return mean;
  }
}
