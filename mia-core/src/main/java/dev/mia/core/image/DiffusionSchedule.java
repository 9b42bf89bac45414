package dev.mia.core.image;

/**
 * The noise schedule of a diffusion forward process: {@code beta_t} and the cumulative product
 * {@code alphaBar_t = prod_{s <= t} (1 - beta_s)}, for steps {@code t = 0 .. steps - 1}.
 *
 * <p>{@link #BPO} is the sigmoid schedule of BPO (Pi et al., "Strengthening Multimodal Large
 * Language Model with Bootstrapped Preference Optimization", arXiv 2403.08730; repo
 * pipilurj/bootstrapped-preference-optimization-BPO, {@code add_noise.py}, taken from VCD): {@code
 * T = 1000}, {@code beta_t = sigmoid(-6 + 12 t / (T - 1)) * (5e-3 - 1e-5) + 1e-5}, that is {@code
 * sigmoid(linspace(-6, 6, T))} scaled into {@code [1e-5, 5e-3]}.
 *
 * <h2>Step indexing</h2>
 *
 * Steps are 0-based, as in BPO's code, which indexes the torch tensor {@code alphas_cumprod[t]}
 * ("from 0-999"): step 0 already applies one beta ({@code alphaBar_0 = 1 - beta_0}, about {@code 1
 * - 2.2e-5}), and BPO's default step 900 is index 900. Key values: {@code alphaBar_500 = 0.7448},
 * {@code alphaBar_900 = 0.1331}, {@code alphaBar_999 = 0.0812}; even the last step keeps {@code
 * sqrt(0.0812) = 28.5%} of the signal.
 *
 * <h2>Precision</h2>
 *
 * Computed once in {@code double} with {@link StrictMath}; BPO computes in {@code float32}, so its
 * values differ from these by float32 rounding (relative differences of order {@code 1e-6} to
 * {@code 1e-5} after hundreds of steps of the cumulative product).
 */
public final class DiffusionSchedule {
  /** BPO's schedule: 1000 steps, sigmoid betas in {@code [1e-5, 5e-3]}. */
  public static final DiffusionSchedule BPO = new DiffusionSchedule(1000, 1e-5, 5e-3);

  private final int steps;
  private final double betaMin;
  private final double betaMax;
  private final double[] betas;
  private final double[] alphaBars;

  private DiffusionSchedule(int steps, double betaMin, double betaMax) {
    this.steps = steps;
    this.betaMin = betaMin;
    this.betaMax = betaMax;
    this.betas = new double[steps];
    this.alphaBars = new double[steps];
    double product = 1.0;
    for (int t = 0; t < steps; t++) {
      double x = -6.0 + 12.0 * t / (steps - 1);
      double sigmoid = 1.0 / (1.0 + StrictMath.exp(-x));
      betas[t] = sigmoid * (betaMax - betaMin) + betaMin;
      product *= 1.0 - betas[t];
      alphaBars[t] = product;
    }
  }

  /**
   * Returns the number of steps {@code T}.
   *
   * @return the number of steps; valid steps are {@code 0 .. steps() - 1}
   */
  public int steps() {
    return steps;
  }

  /**
   * Returns {@code beta_t}, the variance of the noise added at step {@code t}.
   *
   * @param step the 0-based step, in {@code [0, steps() - 1]}
   * @return {@code beta_t}
   * @throws IllegalArgumentException if the step is out of range
   */
  public double beta(int step) {
    checkStep(step);
    return betas[step];
  }

  /**
   * Returns {@code alphaBar_t = prod_{s <= t} (1 - beta_s)}: after step {@code t}, {@code x_t =
   * sqrt(alphaBar_t) x_0 + sqrt(1 - alphaBar_t) eps}.
   *
   * @param step the 0-based step, in {@code [0, steps() - 1]}
   * @return {@code alphaBar_t}, in {@code (0, 1)}
   * @throws IllegalArgumentException if the step is out of range
   */
  public double alphaBar(int step) {
    checkStep(step);
    return alphaBars[step];
  }

  /**
   * Checks a step index.
   *
   * @throws IllegalArgumentException if the step is out of range
   */
  void checkStep(int step) {
    if (step < 0 || step >= steps) {
      throw new IllegalArgumentException(
          "step must be in [0, " + (steps - 1) + "], but is: " + step);
    }
  }

  /** {@return {@code DiffusionSchedule(steps=.., beta=sigmoid(linspace(-6, 6))*(..-..)+..)}} */
  @Override
  public String toString() {
    return "DiffusionSchedule(steps="
        + steps
        + ", beta=sigmoid(linspace(-6, 6))*("
        + betaMax
        + "-"
        + betaMin
        + ")+"
        + betaMin
        + ")";
  }
}
