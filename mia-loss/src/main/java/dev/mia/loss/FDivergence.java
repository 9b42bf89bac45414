package dev.mia.loss;

import static java.util.Objects.requireNonNull;

/**
 * The f-divergence that turns a log-ratio {@code rho = log pi(y|x) - log pi_ref(y|x)} into the
 * score {@code s} the losses compare (Wang et al., "Beyond Reverse KL", arXiv 2309.16240; TRL's
 * {@code f_divergence_type}, whose strings {@link #trlName()} returns).
 *
 * <p>Exponents: the alpha divergence clamps its exponent at 80, as TRL 1.x does in float32 (in
 * float64 too, where TRL 1.x has no cap entry). TRL 0.24's {@code cap_exp} clamps at the log of the
 * dtype's largest value floored to 4 decimals (88.7228 in float32, 709.7827 in float64); mia keeps
 * 80 under {@link TrlVersion#LEGACY_0_24} as well, a documented departure so that scores stay
 * finite after the division by alpha (at alpha 0.5, {@code e^88.7228 / 0.5} overflows float32). The
 * two differ only where {@code alpha |rho| > 80}. {@link #FORWARD_KL} follows TRL 1.x under {@link
 * TrlVersion#CURRENT}: {@code -exp(-rho)} with no cap, so a log-ratio below about -88 (float32) or
 * -709 (float64) gives an infinite score and a non-finite loss, exactly as in TRL; under {@link
 * TrlVersion#LEGACY_0_24} (TRL 0.24 has no forward KL) mia caps the exponent at 80 so the score
 * stays finite.
 */
public enum FDivergence {
  /** Standard DPO: {@code s = rho}. */
  REVERSE_KL("reverse_kl"),
  /**
   * {@code s = -exp(-rho)} (TRL 1.x {@code forward_kl}; not in TRL 0.24, offered for both here,
   * uncapped under CURRENT and capped at {@code e^80} under LEGACY_0_24).
   */
  FORWARD_KL("forward_kl"),
  /** Jensen-Shannon: {@code s = log sigmoid(rho)}. */
  JS_DIVERGENCE("js_divergence"),
  /**
   * Alpha divergence, with the coefficient of {@code DpoLoss.Builder.alphaDivergenceCoefficient};
   * the score depends on {@link TrlVersion}.
   */
  ALPHA_DIVERGENCE("alpha_divergence");

  private final String trlName;

  FDivergence(String trlName) {
    this.trlName = trlName;
  }

  /**
   * Returns TRL's {@code f_divergence_type} string (the same in TRL 0.24 and 1.x).
   *
   * @return the TRL name
   */
  public String trlName() {
    return trlName;
  }

  /**
   * Looks a divergence up by TRL's {@code f_divergence_type} string.
   *
   * @param name the TRL name, e.g. {@code js_divergence}
   * @return the divergence
   * @throws IllegalArgumentException if TRL has no divergence of that name
   */
  public static FDivergence fromTrlName(String name) {
    requireNonNull(name, "name");
    for (FDivergence d : values()) {
      if (d.trlName.equals(name)) {
        return d;
      }
    }
    throw new IllegalArgumentException(
        "unknown TRL f_divergence_type: '"
            + name
            + "'; known: [reverse_kl, forward_kl, js_divergence, alpha_divergence]");
  }
}
