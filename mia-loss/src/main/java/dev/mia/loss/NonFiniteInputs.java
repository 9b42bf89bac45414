package dev.mia.loss;

/**
 * What {@link DpoLoss#compute} does with NaN or infinite inputs (issue 18, item 6).
 *
 * <p>The inputs checked are the policy and reference sequence log-probabilities, the
 * corrupted-image log-probabilities, the lengths, the pair weights, the reward margins and, for the
 * SFT term, the counted tokens of the chosen per-token log-probabilities (masked positions may hold
 * anything).
 */
public enum NonFiniteInputs {
  /**
   * Throw {@link dev.mia.core.NonFiniteValueException} naming the first offending input and its
   * pair index (the default). Costs one scalar device-to-host copy per {@code compute}.
   */
  THROW,
  /**
   * Do not check: NaN or infinite inputs give a NaN or infinite loss, and such a pair counts as
   * wrong in the accuracy metric. For callers that check their inputs themselves.
   */
  PROPAGATE
}
