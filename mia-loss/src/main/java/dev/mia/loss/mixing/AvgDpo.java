package dev.mia.loss.mixing;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import dev.mia.loss.DpoLoss;
import dev.mia.loss.DpoOutput;
import dev.mia.loss.PreferenceLogProbs;

/**
 * Avg-DPO (BDHS, arXiv 2407.02477): {@code g * L(y+, y-) + (1 - g) * L(y+, y~-)}, with {@code y-}
 * the external rejected answers and {@code y~-} the bootstrapped ones (g = 0.5 in the paper).
 * Immutable and thread-safe.
 *
 * @param loss the preference loss applied to both pair sets
 * @param gamma the weight of the external pairs, in {@code [0, 1]}
 */
public record AvgDpo(DpoLoss loss, double gamma) {
  /**
   * Validates the settings.
   *
   * @param loss the preference loss applied to both pair sets
   * @param gamma the weight of the external pairs, in {@code [0, 1]}
   * @throws IllegalArgumentException if gamma is outside {@code [0, 1]}
   */
  public AvgDpo {
    requireNonNull(loss, "loss");
    if (!(gamma >= 0 && gamma <= 1)) {
      throw new IllegalArgumentException("gamma must be in [0, 1], but is: " + gamma);
    }
  }

  /**
   * Computes the mixed scalar loss.
   *
   * @param external pairs with the external rejected answers
   * @param bootstrapped pairs with the bootstrapped rejected answers
   * @return the scalar loss, attached to the manager of {@code external.policyChosen()}
   */
  public NDArray compute(PreferenceLogProbs external, PreferenceLogProbs bootstrapped) {
    try (DpoOutput a = loss.compute(external);
        DpoOutput b = loss.compute(bootstrapped)) {
      return a.loss().mul(gamma).add(b.loss().mul(1 - gamma));
    }
  }
}
