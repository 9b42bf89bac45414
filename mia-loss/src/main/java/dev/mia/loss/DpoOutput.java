package dev.mia.loss;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The result of a preference loss for a batch: the scalar loss (with its autograd graph) and the
 * metrics trainers log, named as TRL logs them. Metric arrays carry no gradient.
 *
 * <p>All arrays are attached to the manager of the inputs' policy log-probabilities; the caller
 * owns them.
 *
 * @param loss the scalar loss, the mean over pairs of the weighted per-pair losses
 * @param perPairLosses the weighted per-pair losses {@code [B]} (before the mean)
 * @param chosenRewards {@code beta * (log pi(y_c) - log pi_ref(y_c))} {@code [B]}
 * @param rejectedRewards {@code beta * (log pi(y_r) - log pi_ref(y_r))} {@code [B]}
 * @param margins {@code chosenRewards - rejectedRewards} {@code [B]}
 * @param accuracy the fraction of pairs with {@code chosenRewards > rejectedRewards}, a scalar
 * @param chosenLogProbs the policy's chosen log-probabilities {@code [B]}
 * @param rejectedLogProbs the policy's rejected log-probabilities {@code [B]}
 */
public record DpoOutput(
    NDArray loss,
    NDArray perPairLosses,
    NDArray chosenRewards,
    NDArray rejectedRewards,
    NDArray margins,
    NDArray accuracy,
    NDArray chosenLogProbs,
    NDArray rejectedLogProbs)
    implements AutoCloseable {

  /**
   * Checks that no component is null.
   *
   * @param loss the scalar loss, the mean over pairs of the weighted per-pair losses
   * @param perPairLosses the weighted per-pair losses {@code [B]} (before the mean)
   * @param chosenRewards {@code beta * (log pi(y_c) - log pi_ref(y_c))} {@code [B]}
   * @param rejectedRewards {@code beta * (log pi(y_r) - log pi_ref(y_r))} {@code [B]}
   * @param margins {@code chosenRewards - rejectedRewards} {@code [B]}
   * @param accuracy the fraction of pairs with {@code chosenRewards > rejectedRewards}, a scalar
   * @param chosenLogProbs the policy's chosen log-probabilities {@code [B]}
   * @param rejectedLogProbs the policy's rejected log-probabilities {@code [B]}
   */
  public DpoOutput {
    requireNonNull(loss, "loss");
    requireNonNull(perPairLosses, "perPairLosses");
    requireNonNull(chosenRewards, "chosenRewards");
    requireNonNull(rejectedRewards, "rejectedRewards");
    requireNonNull(margins, "margins");
    requireNonNull(accuracy, "accuracy");
    requireNonNull(chosenLogProbs, "chosenLogProbs");
    requireNonNull(rejectedLogProbs, "rejectedLogProbs");
  }

  /**
   * Copies the batch means of the metrics to the host, under TRL's names: {@code loss}, {@code
   * rewards/chosen}, {@code rewards/rejected}, {@code rewards/margins}, {@code rewards/accuracies},
   * {@code logps/chosen}, {@code logps/rejected}.
   *
   * <p>Cost: seven scalar device-to-host copies.
   *
   * @return the metrics in that order
   */
  public Map<String, Double> metrics() {
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("loss", scalar(loss));
    metrics.put("rewards/chosen", mean(chosenRewards));
    metrics.put("rewards/rejected", mean(rejectedRewards));
    metrics.put("rewards/margins", mean(margins));
    metrics.put("rewards/accuracies", scalar(accuracy));
    metrics.put("logps/chosen", mean(chosenLogProbs));
    metrics.put("logps/rejected", mean(rejectedLogProbs));
    return metrics;
  }

  /**
   * Copies the weighted per-pair losses to the host as doubles, whatever the arrays' dtype.
   *
   * @return one value per pair
   */
  public double[] perPairLossValues() {
    return host(perPairLosses);
  }

  /**
   * Copies the chosen rewards to the host as doubles.
   *
   * @return {@code beta * (log pi(y_c) - log pi_ref(y_c))} per pair
   */
  public double[] chosenRewardValues() {
    return host(chosenRewards);
  }

  /**
   * Copies the rejected rewards to the host as doubles.
   *
   * @return {@code beta * (log pi(y_r) - log pi_ref(y_r))} per pair
   */
  public double[] rejectedRewardValues() {
    return host(rejectedRewards);
  }

  /**
   * Copies the reward margins to the host as doubles.
   *
   * @return {@code chosenRewards - rejectedRewards} per pair
   */
  public double[] marginValues() {
    return host(margins);
  }

  /**
   * Copies the scalar loss to the host as a double.
   *
   * @return the loss
   */
  public double lossValue() {
    return scalar(loss);
  }

  private static double[] host(NDArray array) {
    try (NDArray d = array.toType(ai.djl.ndarray.types.DataType.FLOAT64, true)) {
      return d.toDoubleArray();
    }
  }

  private static double scalar(NDArray array) {
    try (NDArray d = array.toType(ai.djl.ndarray.types.DataType.FLOAT64, true)) {
      return d.getDouble();
    }
  }

  private static double mean(NDArray array) {
    try (NDArray m = array.mean()) {
      return scalar(m);
    }
  }

  /** Closes every array of this output (for callers that do not rely on a manager). */
  @Override
  public void close() {
    loss.close();
    perPairLosses.close();
    chosenRewards.close();
    rejectedRewards.close();
    margins.close();
    accuracy.close();
    chosenLogProbs.close();
    rejectedLogProbs.close();
  }
}
