package dev.mia.loss.chip;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import dev.mia.core.tensor.OwnedScalar;
import dev.mia.loss.DpoOutput;
import dev.mia.loss.PreferenceLogProbs;

/**
 * A {@link ChipLoss} as a DJL {@link Loss}, so it plugs into a DJL {@code Trainer}.
 *
 * <h2>NDList slots</h2>
 *
 * <ul>
 *   <li>predictions (policy, with gradient), each {@code [B]}: {@code [0]} chosen and {@code [1]}
 *       rejected sequence log-probs, {@code [2]} chosen log-probs with the rejected (noised) image,
 *       {@code [3]} chosen and {@code [4]} rejected DDPO-weighted sums;
 *   <li>labels: the reference's five in the same order (precomputed, no gradient).
 * </ul>
 *
 * {@link #evaluate} returns the scalar loss; the metrics are dropped (use {@link ChipLoss#compute}
 * to log them). The DJL accumulator inherited from {@link Loss} is DJL's own mutable state.
 */
public final class ChipTrainingLoss extends Loss {
  private final ChipLoss loss;

  /**
   * Wraps a configured loss under the name "ChipLoss".
   *
   * @param loss the loss
   */
  public ChipTrainingLoss(ChipLoss loss) {
    super("ChipLoss");
    this.loss = requireNonNull(loss, "loss");
  }

  /**
   * Returns the wrapped loss.
   *
   * @return the loss
   */
  public ChipLoss loss() {
    return loss;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if a slot is missing or a shape does not match
   */
  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    if (predictions.size() < 5 || labels.size() < 5) {
      throw new IllegalArgumentException(
          "predictions and labels need five arrays each (chosen, rejected, chosen with the"
              + " rejected image, weighted chosen, weighted rejected), but have "
              + predictions.size()
              + " and "
              + labels.size());
    }
    PreferenceLogProbs response =
        PreferenceLogProbs.builder(predictions.get(0), predictions.get(1))
            .reference(labels.get(0), labels.get(1))
            .corruptedImage(predictions.get(2), labels.get(2))
            .build();
    PreferenceLogProbs segment =
        PreferenceLogProbs.builder(predictions.get(3), predictions.get(4))
            .reference(labels.get(3), labels.get(4))
            .build();
    try (DpoOutput out = loss.compute(response, segment)) {
      return out.loss().mul(OwnedScalar.of(out.loss(), 1));
    }
  }

  @Override
  public String toString() {
    return "ChipTrainingLoss(" + loss + ")";
  }
}
