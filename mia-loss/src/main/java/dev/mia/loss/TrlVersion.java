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
 *   <li>IPO length normalisation ({@link IpoNormalisation#PER_TOKEN_MEAN}): LEGACY_0_24 feeds the
 *       whole batch as TRL 0.24's {@code concatenated_forward} does when {@code ipo} is among the
 *       loss types: every log-probability, policy and reference, divided by its completion length
 *       before the f-divergence, so every term, the rewards and the logged log-probs see per-token
 *       means; CURRENT divides the scores inside IPO only, as TRL 1.x. Both give IPO {@code rho /
 *       |y|} for reverse KL.
 * </ul>
 *
 * <ul>
 *   <li>Label smoothing on {@link LossType#SIGMOID}: LEGACY_0_24 applies it (cDPO); CURRENT ignores
 *       it, as TRL 1.x's sigmoid does (it is used only by robust, EXO and the AOT losses there).
 *   <li>EXO with label smoothing 0: LEGACY_0_24 uses 1e-3, as TRL 0.24's {@code dpo_loss} does;
 *       CURRENT refuses it at build time, as TRL 1.x's trainer does.
 *   <li>Forward KL: CURRENT uses TRL 1.x's uncapped {@code -exp(-rho)}; LEGACY_0_24 (TRL 0.24 has
 *       no forward KL) caps the exponent at 80.
 *   <li>Reward metrics of a weighted loss list: LEGACY_0_24 sums each term's rewards times its
 *       weight, as TRL 0.24's {@code get_batch_loss_metrics} does (an SFT term contributes 0), so
 *       the rewards are {@code (sum of the non-SFT weights) * beta * rho}; CURRENT logs {@code beta
 *       * rho}.
 *   <li>Reference-free ({@link ReferenceMode#NONE}): see there.
 *   <li>BCO's running mean: LEGACY_0_24 only, updated as TRL 0.24's {@code RunningMoments} is
 *       ({@link BcoRunningMean#updateAsTrl024}).
 * </ul>
 *
 * TRL versions read: 0.24.0 (tag {@code v0.24.0}) and 1.10.0.dev0 (commit f2cd577, after v1.9.0).
 * {@link DpoLoss.Builder#trlDefaults(TrlVersion)} sets every default to that version's.
 */
public enum TrlVersion {
  /** TRL 0.24.0 ({@code DPOTrainer.dpo_loss}), the version forks such as LLaMA-Factory target. */
  LEGACY_0_24,
  /**
   * TRL after the rewrite of PR #3906 (v0.29 and later, {@code DPOTrainer._compute_loss}; read at
   * 1.10.0.dev0).
   */
  CURRENT
}
