package dev.mia.loss.ddpo;

/** Whether DDPO's weighted log-probability is divided by the weight sum. */
public enum DdpoNormalisation {
  /**
   * {@code sum_t w_t lp_t / sum_t w_t}: RLHF-V eq. 5 ({@code dpo_use_average=True}), used with beta
   * 0.5 and gamma 5 in the paper.
   */
  NORMALISED,
  /**
   * {@code sum_t w_t lp_t}: RLHF-V's released training script ({@code dpo_use_average=False}), used
   * with beta 0.1 and gamma 1.1.
   */
  UNNORMALISED
}
