package dev.mia.loss.fused;

/**
 * How a response's token log-probabilities {@code lp_t} become its sequence log-probability, with
 * {@code m_t} the answer mask and {@code w_t} the token weights (1 when none are given).
 */
public enum SequenceReduction {
  /**
   * {@code sum_t m_t w_t lp_t}: the plain sum without weights, DDPO's unnormalised form (RLHF-V's
   * released code) or a VIG token mask with weights.
   */
  SUM,
  /**
   * {@code sum_t m_t w_t lp_t / sum_t m_t w_t}, 0 where the weight sum is 0: DDPO's normalised form
   * (RLHF-V, arXiv 2312.00849, eq. 5); without weights, the mean over answer tokens.
   */
  NORMALISED_SUM
}
