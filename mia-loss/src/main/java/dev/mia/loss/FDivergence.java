package dev.mia.loss;

/**
 * The f-divergence that turns a log-ratio {@code rho = log pi(y|x) - log pi_ref(y|x)} into the
 * score {@code s} the losses compare (Wang et al., "Beyond Reverse KL", arXiv 2309.16240; TRL's
 * {@code f_divergence_type}). Exponents are clamped at 80 so scores stay finite.
 */
public enum FDivergence {
  /** Standard DPO: {@code s = rho}. */
  REVERSE_KL,
  /** {@code s = -exp(-rho)} (TRL current; not in TRL 0.24, offered for both here). */
  FORWARD_KL,
  /** Jensen-Shannon: {@code s = log sigmoid(rho)}. */
  JS_DIVERGENCE,
  /**
   * Alpha divergence, with the coefficient of {@code DpoLoss.Builder.alphaDivergenceCoefficient};
   * the score depends on {@link TrlVersion}.
   */
  ALPHA_DIVERGENCE
}
