package dev.mia.examples.pipeline;

import java.util.List;
import java.util.Map;

/**
 * One seed's results.
 *
 * @param seed the seed
 * @param sftLoss the SFT loss per step (empty if the model was loaded)
 * @param sftSkippedSteps the SFT steps skipped because the loss or a gradient was not finite
 * @param before the SFT model's metrics
 * @param methods each method's results
 * @param seconds wall time by phase
 */
record SeedRun(
    long seed,
    List<Double> sftLoss,
    int sftSkippedSteps,
    Map<String, Double> before,
    List<MethodRun> methods,
    Map<String, Double> seconds) {

  /**
   * One method's results on one seed.
   *
   * @param method the method
   * @param data its training data and their statistics
   * @param curve its training curves
   * @param after the metrics after training
   * @param seconds wall time of data, training and evaluation
   */
  record MethodRun(
      Method method,
      PairSet data,
      Alignment.Curve curve,
      Map<String, Double> after,
      Map<String, Double> seconds) {}
}
