package dev.mia.loss.mixing;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import dev.mia.loss.DpoLoss;
import dev.mia.loss.DpoOutput;
import dev.mia.loss.PreferenceLogProbs;
import java.util.SplittableRandom;

/**
 * Mixed-DPO (BDHS, arXiv 2407.02477): each step trains on {@code alpha L(y+, y-) + (1 - alpha)
 * L(y~+, y~-)} with {@code alpha ~ Bernoulli(p)} (p = 0.5 in the paper), i.e. on the offline pairs
 * with probability p and on the online pairs otherwise. The draw for a step is a pure function of
 * the seed and the step index, so runs replay exactly; {@link #compute(PreferenceLogProbs,
 * PreferenceLogProbs, MixedChoice)} takes an explicit choice instead. Immutable and thread-safe.
 *
 * @param loss the preference loss
 * @param probability p, the probability of the offline pairs, in {@code [0, 1]}
 * @param seed the seed of the per-step draws
 */
public record MixedDpo(DpoLoss loss, double probability, long seed) {
  /**
   * Validates the settings.
   *
   * @param loss the preference loss
   * @param probability p, the probability of the offline pairs, in {@code [0, 1]}
   * @param seed the seed of the per-step draws
   * @throws IllegalArgumentException if the probability is outside {@code [0, 1]}
   */
  public MixedDpo {
    requireNonNull(loss, "loss");
    if (!(probability >= 0 && probability <= 1)) {
      throw new IllegalArgumentException("probability must be in [0, 1], but is: " + probability);
    }
  }

  /**
   * The choice of a step: Bernoulli(p) from a generator seeded by {@code seed} and the step.
   *
   * @param step the training step, {@code >= 0}
   * @return the pair set of that step
   * @throws IllegalArgumentException if the step is negative
   */
  public MixedChoice choice(long step) {
    if (step < 0) {
      throw new IllegalArgumentException("step must be >= 0, but is: " + step);
    }
    double u = draw(step);
    return u < probability ? MixedChoice.OFFLINE : MixedChoice.ONLINE;
  }

  private double draw(long step) {
    return new SplittableRandom(seed ^ (step * 0x9E3779B97F4A7C15L)).nextDouble();
  }

  /**
   * The loss of a step, choosing the pair set with {@link #choice(long)}.
   *
   * @param offline the offline pairs
   * @param online the online pairs
   * @param step the training step
   * @return the loss output of the chosen pair set
   */
  public DpoOutput compute(PreferenceLogProbs offline, PreferenceLogProbs online, long step) {
    return compute(offline, online, choice(step));
  }

  /**
   * The loss of a step with an explicit choice.
   *
   * @param offline the offline pairs
   * @param online the online pairs
   * @param choice which pair set to train on
   * @return the loss output of the chosen pair set
   */
  public DpoOutput compute(
      PreferenceLogProbs offline, PreferenceLogProbs online, MixedChoice choice) {
    requireNonNull(choice, "choice");
    return loss.compute(choice == MixedChoice.OFFLINE ? offline : online);
  }

  /**
   * The expected loss over the draw, {@code p L(offline) + (1 - p) L(online)}, for evaluation.
   *
   * @param offline the offline pairs
   * @param online the online pairs
   * @return the scalar expected loss
   */
  public NDArray expected(PreferenceLogProbs offline, PreferenceLogProbs online) {
    return new AvgDpo(loss, probability).compute(offline, online);
  }
}
