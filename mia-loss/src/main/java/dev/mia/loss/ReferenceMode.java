package dev.mia.loss;

/** Whether the losses compare the policy with a reference model. */
public enum ReferenceMode {
  /** Log-ratios against the reference log-probabilities of the inputs (standard DPO). */
  MODEL,
  /**
   * Reference-free: the reference log-probabilities are taken as 0, so {@code rho = log pi(y|x)}
   * (TRL 0.24 {@code reference_free=True}; current TRL moved this to its CPO trainer).
   */
  NONE
}
