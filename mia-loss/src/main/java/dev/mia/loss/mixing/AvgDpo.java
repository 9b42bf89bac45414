package dev.mia.loss.mixing;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import dev.mia.core.tensor.OwnedScalar;
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
      return a.loss()
          .mul(OwnedScalar.of(a.loss(), gamma))
          .add(b.loss().mul(OwnedScalar.of(b.loss(), 1 - gamma)));
    }
  }

  /**
   * Returns the two pair sets as one batch for the training path ({@link
   * dev.mia.loss.train.PreferenceTrainer}): with {@code n_e} external and {@code n_b} bootstrapped
   * pairs, each external pair's weight is multiplied by {@code gamma * N / n_e} and each
   * bootstrapped pair's by {@code (1 - gamma) * N / n_b}, {@code N = n_e + n_b}, so that the
   * batch's mean weighted loss {@code (1/N) sum_i w_i l_i} is {@code gamma * L(y+, y-) + (1 -
   * gamma) * L(y+, y~-)}.
   *
   * @param external the pairs with external rejected answers, at least one
   * @param bootstrapped the pairs with the model's own rejected answers, at least one
   * @return external pairs then bootstrapped ones, reweighted
   * @throws IllegalArgumentException if a list is empty
   */
  public java.util.List<dev.mia.core.data.PreferencePair> pairs(
      java.util.List<dev.mia.core.data.PreferencePair> external,
      java.util.List<dev.mia.core.data.PreferencePair> bootstrapped) {
    if (external.isEmpty() || bootstrapped.isEmpty()) {
      throw new IllegalArgumentException(
          "Avg-DPO needs external and bootstrapped pairs, but has "
              + external.size()
              + " and "
              + bootstrapped.size());
    }
    double n = external.size() + bootstrapped.size();
    java.util.List<dev.mia.core.data.PreferencePair> out = new java.util.ArrayList<>();
    for (dev.mia.core.data.PreferencePair p : external) {
      out.add(p.toBuilder().weight(p.weight() * gamma * n / external.size()).build());
    }
    for (dev.mia.core.data.PreferencePair p : bootstrapped) {
      out.add(p.toBuilder().weight(p.weight() * (1 - gamma) * n / bootstrapped.size()).build());
    }
    return java.util.List.copyOf(out);
  }
}
