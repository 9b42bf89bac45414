package dev.mia.loss.train;

import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

/**
 * Makes the DJL optimiser a {@link GuardedOptimizer} updates with, given the learning-rate tracker
 * it must use. A factory rather than an instance because the guard replaces the optimiser (and so
 * its moments) after an update that left a weight NaN or infinite.
 */
@FunctionalInterface
public interface OptimizerFactory {

  /**
   * Makes a fresh optimiser.
   *
   * @param learningRate the rate of each update, as DJL's 1-based update count
   * @return the optimiser
   */
  Optimizer create(Tracker learningRate);

  /**
   * Adam (DJL's defaults: beta1 0.9, beta2 0.999, epsilon 1e-8) with each gradient element clipped
   * to {@code [-clip, clip]}.
   *
   * @param clipGradient the clipping bound, finite and greater than 0
   * @return the factory
   * @throws IllegalArgumentException if the bound is not finite and positive
   */
  static OptimizerFactory adam(float clipGradient) {
    if (!(clipGradient > 0) || Float.isInfinite(clipGradient)) {
      throw new IllegalArgumentException(
          "clipGradient must be finite and > 0, but is: " + clipGradient);
    }
    return tracker ->
        Optimizer.adam().optLearningRateTracker(tracker).optClipGrad(clipGradient).build();
  }
}
