package dev.mia.loss;

/** Whether the losses compare the policy with a reference model. */
public enum ReferenceMode {
  /** Log-ratios against the reference log-probabilities of the inputs (standard DPO). */
  MODEL,
  /**
   * Reference-free (TRL 0.24 {@code reference_free=True}; TRL 1.x moved this to its CPO trainer):
   * the loss takes the reference log-probabilities as 0, so {@code rho = log pi(y|x)}, while the
   * reward metrics ({@code rewards/*}, margins, accuracy) stay {@code beta * (log pi(y|x) - log
   * pi_ref(y|x))} with the reference log-probabilities of the inputs, as TRL 0.24 logs them. When
   * the inputs carry no reference log-probabilities, the rewards are {@code beta * log pi(y|x)}
   * (the reference taken as 0 there too).
   *
   * <p>Under {@link TrlVersion#CURRENT} the reference is 0 in every loss term (mDPO's terms
   * included). Under {@link TrlVersion#LEGACY_0_24} it is 0 exactly where TRL 0.24's {@code
   * dpo_loss} zeroes it (the logit {@code Delta} of sigmoid, hinge, IPO, robust and EXO, the
   * f-divergence scores, and APO's log-ratios), while NCA, BCO, SPPO, AOT, AOT pair and DiscoPOP
   * keep TRL 0.24's use of the supplied reference log-probabilities (0 when there are none).
   */
  NONE
}
