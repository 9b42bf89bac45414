package dev.mia.loss.mixing;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.training.loss.Loss;
import dev.mia.loss.PreferenceLogProbs;

/**
 * {@link AvgDpo} (BDHS, arXiv 2407.02477) as a DJL {@link Loss}, so it plugs into a DJL {@code
 * Trainer}: {@code g * L(y+, y-) + (1 - g) * L(y+, y~-)} over one batch whose pairs share the
 * chosen answer.
 *
 * <h2>NDList slots</h2>
 *
 * <ul>
 *   <li>predictions: {@code [0]} policy log-probs of the chosen answers {@code y+} {@code [B]},
 *       {@code [1]} of the external rejected answers {@code y-} {@code [B]}, {@code [2]} of the
 *       bootstrapped rejected answers {@code y~-} {@code [B]} (with gradient);
 *   <li>labels: {@code [0]} reference log-probs of {@code y+} {@code [B]}, {@code [1]} of {@code
 *       y-} {@code [B]}, {@code [2]} of {@code y~-} {@code [B]} (precomputed, no gradient),
 *       optional {@code [3]} per-pair weights {@code [B]}, applied to both terms.
 * </ul>
 *
 * {@link #evaluate} returns the scalar loss, equal to {@link AvgDpo#compute} on the same arrays.
 * Inputs are never closed; intermediates are closed before {@code evaluate} returns. Immutable
 * apart from the DJL accumulator inherited from {@link Loss}, which is DJL's own mutable state.
 */
public final class AvgDpoTrainingLoss extends Loss {
  private final AvgDpo avg;

  /**
   * Wraps an Avg-DPO setting under the name "AvgDpoLoss".
   *
   * @param avg the loss and the weight of the external pairs
   */
  public AvgDpoTrainingLoss(AvgDpo avg) {
    super("AvgDpoLoss");
    this.avg = requireNonNull(avg, "avg");
  }

  /**
   * Returns the Avg-DPO setting.
   *
   * @return the setting
   */
  public AvgDpo avg() {
    return avg;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if a slot is missing or a shape does not match
   */
  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    if (predictions.size() < 3 || labels.size() < 3) {
      throw new IllegalArgumentException(
          "predictions need [policyChosen, policyRejected, policyBootstrapped] and labels"
              + " [referenceChosen, referenceRejected, referenceBootstrapped], but have "
              + predictions.size()
              + " and "
              + labels.size()
              + " arrays");
    }
    PreferenceLogProbs external = pairs(predictions, labels, 1);
    PreferenceLogProbs bootstrapped = pairs(predictions, labels, 2);
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDArray loss = avg.compute(external, bootstrapped);
      NDScope.unregister(loss);
      return loss;
    }
  }

  private static PreferenceLogProbs pairs(NDList predictions, NDList labels, int rejectedSlot) {
    PreferenceLogProbs.Builder builder =
        PreferenceLogProbs.builder(predictions.get(0), predictions.get(rejectedSlot))
            .reference(labels.get(0), labels.get(rejectedSlot));
    if (labels.size() > 3) {
      builder.pairWeights(labels.get(3));
    }
    return builder.build();
  }

  @Override
  public String toString() {
    return "AvgDpoTrainingLoss(" + avg + ")";
  }
}
