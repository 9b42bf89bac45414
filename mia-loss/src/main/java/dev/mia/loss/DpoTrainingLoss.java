package dev.mia.loss;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import dev.mia.core.tensor.OwnedScalar;

/**
 * A {@link DpoLoss} as a DJL {@link Loss}, so it plugs into a DJL {@code Trainer} ({@code
 * DefaultTrainingConfig(new DpoTrainingLoss(dpo))}).
 *
 * <h2>NDList slots</h2>
 *
 * <ul>
 *   <li>predictions: {@code [0]} policy chosen log-probs {@code [B]}, {@code [1]} policy rejected
 *       log-probs {@code [B]} (computed from the model's output, with gradient);
 *   <li>labels: {@code [0]} reference chosen log-probs {@code [B]}, {@code [1]} reference rejected
 *       log-probs {@code [B]} (precomputed, no gradient), optional {@code [2]} per-pair weights
 *       {@code [B]}.
 * </ul>
 *
 * Loss types that need more inputs (lengths, chosen tokens, margins, corrupted images) are used
 * through {@link DpoLoss#compute} directly. {@link #evaluate} returns the scalar loss; the metrics
 * are dropped (use {@link DpoLoss#compute} to log them). The DJL accumulator inherited from {@link
 * Loss} is DJL's own mutable state.
 */
public final class DpoTrainingLoss extends Loss {
  private final DpoLoss dpo;

  /**
   * Wraps a configured loss under the name "DpoLoss".
   *
   * @param dpo the loss
   */
  public DpoTrainingLoss(DpoLoss dpo) {
    super("DpoLoss");
    this.dpo = requireNonNull(dpo, "dpo");
  }

  /**
   * Returns the wrapped loss.
   *
   * @return the loss
   */
  public DpoLoss dpo() {
    return dpo;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if a slot is missing or a shape does not match
   */
  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    if (predictions.size() < 2 || labels.size() < 2) {
      throw new IllegalArgumentException(
          "predictions need [policyChosen, policyRejected] and labels [referenceChosen,"
              + " referenceRejected], but have "
              + predictions.size()
              + " and "
              + labels.size()
              + " arrays");
    }
    PreferenceLogProbs.Builder inputs =
        PreferenceLogProbs.builder(predictions.get(0), predictions.get(1))
            .reference(labels.get(0), labels.get(1));
    if (labels.size() > 2) {
      inputs.pairWeights(labels.get(2));
    }
    try (DpoOutput out = dpo.compute(inputs.build())) {
      return out.loss().mul(OwnedScalar.of(out.loss(), 1));
    }
  }

  @Override
  public String toString() {
    return "DpoTrainingLoss(" + dpo + ")";
  }
}
