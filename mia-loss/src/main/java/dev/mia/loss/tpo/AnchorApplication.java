package dev.mia.loss.tpo;

/** How visually anchored weights {@code w_t} enter a response's sequence log-probability. */
public enum AnchorApplication {
  /**
   * {@code sum_t m_t (lp_t + log w_t)}: TPO's released trainer adds {@code log w_t} to each token
   * log-probability ({@code _get_token_batch_logps}), i.e. multiplies each token's probability by
   * {@code w_t}.
   */
  LOG_PROBABILITY_BONUS,
  /**
   * {@code sum_t m_t w_t lp_t}: mia's token weights, as DDPO uses them (RLHF-V eq. 5,
   * unnormalised).
   */
  TOKEN_WEIGHTS
}
