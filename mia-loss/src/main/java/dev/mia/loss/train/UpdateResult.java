package dev.mia.loss.train;

import static java.util.Objects.requireNonNull;

/**
 * What one {@link GuardedOptimizer#step} did.
 *
 * @param step the 0-based index of the step among the optimiser's steps
 * @param loss the step's loss: the sum of its micro-batches' losses
 * @param learningRate the scheduled rate of the step
 * @param outcome updated, skipped or undone
 */
public record UpdateResult(int step, double loss, float learningRate, StepOutcome outcome) {
  /**
   * Validates the result.
   *
   * @param step the 0-based index of the step among the optimiser's steps
   * @param loss the step's loss: the sum of its micro-batches' losses
   * @param learningRate the scheduled rate of the step
   * @param outcome updated, skipped or undone
   */
  public UpdateResult {
    requireNonNull(outcome, "outcome");
  }
}
