package dev.mia.examples.tiny;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The losses of a training run, one per optimiser step: the mean cross-entropy over the batch's
 * answer tokens (including the end-of-sequence token).
 *
 * @param losses the loss of each step, in order; copied; a skipped step's is its non-finite value
 * @param skippedSteps the steps skipped because the loss was NaN or infinite (no update) or the
 *     update left a weight NaN or infinite (undone)
 */
public record TrainingLog(List<Double> losses, int skippedSteps) {
  /**
   * Validates the log.
   *
   * @param losses the loss of each step, in order; copied
   * @param skippedSteps the steps skipped because the loss or the updated weights were not finite
   */
  public TrainingLog {
    losses = List.copyOf(requireNonNull(losses, "losses"));
    if (skippedSteps < 0 || skippedSteps > losses.size()) {
      throw new IllegalArgumentException(
          "skippedSteps must be in [0, " + losses.size() + "], but is: " + skippedSteps);
    }
  }

  /**
   * Returns the mean loss of a range of steps.
   *
   * @param from the first step, inclusive
   * @param to the last step, exclusive, greater than {@code from}
   * @return the mean
   * @throws IllegalArgumentException if the range is empty or outside the log
   */
  public double meanLoss(int from, int to) {
    if (from < 0 || to > losses.size() || from >= to) {
      throw new IllegalArgumentException(
          "range must be a non-empty part of [0, "
              + losses.size()
              + "), but is: "
              + from
              + ".."
              + to);
    }
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += losses.get(i);
    }
    return sum / (to - from);
  }
}
