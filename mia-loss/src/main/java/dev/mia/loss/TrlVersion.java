package dev.mia.loss;

/**
 * Which TRL {@code DPOTrainer} a formula follows where its versions differ.
 *
 * <ul>
 *   <li>Alpha divergence: {@link #LEGACY_0_24} uses score {@code -exp(-alpha rho) / alpha} and
 *       coefficient default 1.0; {@link #CURRENT} uses {@code exp((alpha - 1) rho) / (alpha - 1)}
 *       (reverse KL at alpha = 1) and default 0.5.
 *   <li>BCO pair: LEGACY_0_24 shifts rewards by a running mean delta ({@link BcoRunningMean});
 *       CURRENT uses no shift.
 *   <li>Which losses see f-divergence scores: LEGACY_0_24 applies them only to the losses built on
 *       the logit {@code Delta} (sigmoid, robust, EXO, hinge, IPO); NCA, BCO, SPPO, APO and
 *       DiscoPOP use raw log-ratios. CURRENT applies them to NCA, BCO, SPPO, DiscoPOP and the
 *       {@code Delta} part of APO-down as well.
 *   <li>IPO length normalisation: LEGACY_0_24 divides the log-probabilities by the completion
 *       length before the f-divergence, CURRENT divides the scores; both equal {@code rho / |y|}
 *       for reverse KL.
 * </ul>
 *
 * Label smoothing (cDPO) on {@link LossType#SIGMOID} follows TRL 0.24 in both modes: TRL's current
 * sigmoid ignores {@code label_smoothing}, which corresponds to leaving it at 0 here.
 */
public enum TrlVersion {
  /** TRL 0.24.0 ({@code DPOTrainer.dpo_loss}), the version forks such as LLaMA-Factory target. */
  LEGACY_0_24,
  /** TRL after the rewrite of PR #3906 (v0.29 and later, {@code DPOTrainer._compute_loss}). */
  CURRENT
}
