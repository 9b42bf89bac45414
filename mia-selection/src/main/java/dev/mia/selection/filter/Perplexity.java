package dev.mia.selection.filter;

import dev.mia.core.InvalidSampleException;
import dev.mia.core.NonFiniteValueException;

/**
 * Perplexity of a generated answer from its per-step log-probs: {@code PPL = exp(-(1/T) sum_t log
 * p_t)}. MIA-DPO (arXiv 2410.17637, {@code make_data_*.py}) computes it from the log of each greedy
 * step's maximum softmax, which is the generated token's log-prob.
 */
public final class Perplexity {
  private Perplexity() {}

  /**
   * Computes the perplexity.
   *
   * @param sampleId the id of the sample, for error messages
   * @param stepLogProbs the log-prob of each generated token, each finite and at most 0
   * @return the perplexity, at least 1
   * @throws InvalidSampleException if there is no step (an empty answer)
   * @throws NonFiniteValueException if a log-prob is NaN or infinite
   */
  public static double of(String sampleId, float[] stepLogProbs) {
    if (stepLogProbs.length == 0) {
      throw new InvalidSampleException(
          sampleId, "the rejected answer has no generated tokens to compute a perplexity from");
    }
    double sum = 0;
    for (int t = 0; t < stepLogProbs.length; t++) {
      float value = stepLogProbs[t];
      if (!Float.isFinite(value)) {
        throw new NonFiniteValueException(
            "sample '" + sampleId + "': rejected step log-prob " + t + " is " + value);
      }
      sum += value;
    }
    return Math.exp(-sum / stepLogProbs.length);
  }
}
