package dev.mia.loss;

import static java.util.Objects.requireNonNull;

/**
 * One term of a weighted sum of losses (TRL's {@code loss_type} list with {@code loss_weights}; MPO
 * is {@code SIGMOID 0.8, BCO_PAIR 0.2, SFT 1.0}).
 *
 * @param type the loss
 * @param weight its weight, finite and {@code >= 0}
 */
public record LossTerm(LossType type, double weight) {
  /**
   * Validates the term.
   *
   * @param type the loss
   * @param weight its weight, finite and {@code >= 0}
   * @throws IllegalArgumentException if the weight is negative or not finite
   */
  public LossTerm {
    requireNonNull(type, "type");
    if (!(weight >= 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException(
          "weight of " + type + " must be finite and >= 0, but is: " + weight);
    }
  }

  /**
   * Creates a term.
   *
   * @param type the loss
   * @param weight its weight
   * @return the term
   */
  public static LossTerm of(LossType type, double weight) {
    return new LossTerm(type, weight);
  }
}
