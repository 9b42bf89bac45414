package dev.mia.loss;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import dev.mia.core.tensor.PerTokenLogProbs;
import org.jspecify.annotations.Nullable;

/**
 * How per-token log-probs and token weights {@code w_t} become one sequence log-prob.
 *
 * <p>With every weight 1, {@link #SUM} is the plain sequence log-prob of DPO (Rafailov et al.,
 * arXiv 2305.18290) and {@link #MEAN} the length-normalised one. With DDPO's weights (gamma on
 * changed segments, 1 elsewhere; RLHF-V, arXiv 2312.00849) {@link #MEAN} is the paper's {@code log
 * pi(y|x) = sum_t w_t log p_t / sum_t w_t} and {@link #SUM} its released code's unnormalised sum;
 * with VIG's 0/1 masks {@link #SUM} sums the selected tokens.
 */
public enum TokenReduction {
  /** {@code sum_t m_t w_t log p_t}. */
  SUM,
  /**
   * {@code sum_t m_t w_t log p_t / sum_t m_t w_t} (0 for a row whose weights are all 0); without
   * weights, the mean over answer tokens.
   */
  MEAN;

  /**
   * Reduces per-token log-probs to sequence log-probs.
   *
   * @param tokens the log-probs and mask {@code [B, T]}
   * @param weights the token weights {@code [B, T]}, or null for all 1
   * @return the sequence log-probs {@code [B]}, on the graph of {@code tokens}
   */
  public NDArray reduce(PerTokenLogProbs tokens, @Nullable NDArray weights) {
    requireNonNull(tokens, "tokens");
    if (weights == null) {
      return this == SUM ? tokens.sum() : tokens.mean();
    }
    return this == SUM ? tokens.weightedSum(weights) : tokens.weightedMean(weights);
  }
}
