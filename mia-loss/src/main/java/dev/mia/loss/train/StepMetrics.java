package dev.mia.loss.train;

import static java.util.Objects.requireNonNull;

/**
 * What one {@link PreferenceTrainer} step measured: the numbers TRL's {@code DPOTrainer} logs,
 * typed. Rewards are {@code beta * (log pi - log pi_ref)} of the sequence log-probs; every value is
 * a mean over the step's pairs (micro-batches weighted by their pair counts).
 *
 * @param step the 0-based step index
 * @param pairs the pairs in the step
 * @param loss the step's loss (TRL {@code loss})
 * @param learningRate the scheduled learning rate of the step
 * @param chosenReward the mean chosen reward (TRL {@code rewards/chosen})
 * @param rejectedReward the mean rejected reward (TRL {@code rewards/rejected})
 * @param rewardMargin the mean reward margin (TRL {@code rewards/margins})
 * @param rewardAccuracy the share of pairs whose chosen reward is higher (TRL {@code
 *     rewards/accuracies})
 * @param chosenLogProb the mean policy sequence log-prob of the chosen answers (TRL {@code
 *     logps/chosen})
 * @param rejectedLogProb the mean policy sequence log-prob of the rejected answers (TRL {@code
 *     logps/rejected})
 * @param outcome whether the weights were updated
 * @param reference the reference cache's hits and misses in this step
 */
public record StepMetrics(
    int step,
    int pairs,
    double loss,
    float learningRate,
    double chosenReward,
    double rejectedReward,
    double rewardMargin,
    double rewardAccuracy,
    double chosenLogProb,
    double rejectedLogProb,
    StepOutcome outcome,
    ReferenceStats reference) {
  /**
   * Validates the metrics.
   *
   * @param step the 0-based step index
   * @param pairs the pairs in the step
   * @param loss the step's loss
   * @param learningRate the scheduled learning rate of the step
   * @param chosenReward the mean chosen reward
   * @param rejectedReward the mean rejected reward
   * @param rewardMargin the mean reward margin
   * @param rewardAccuracy the share of pairs whose chosen reward is higher
   * @param chosenLogProb the mean policy sequence log-prob of the chosen answers
   * @param rejectedLogProb the mean policy sequence log-prob of the rejected answers
   * @param outcome whether the weights were updated
   * @param reference the reference cache's hits and misses in this step
   */
  public StepMetrics {
    requireNonNull(outcome, "outcome");
    requireNonNull(reference, "reference");
  }
}
