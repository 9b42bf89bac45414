package dev.mia.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import dev.mia.core.tensor.PerTokenLogProbs;

/**
 * {@link VigMaskedSftLoss} as a DJL {@link Loss}, so it plugs into a DJL {@code Trainer} ({@code
 * new DefaultTrainingConfig(new VigMaskedSftTrainingLoss())}).
 *
 * <h2>NDList slots</h2>
 *
 * <ul>
 *   <li>predictions: {@code [0]} per-token log-probabilities of the answer tokens {@code [B, T]}
 *       (from the model's logits, e.g. {@code TokenLogProbs.compute(...).values()}, with gradient);
 *   <li>labels: {@code [0]} the token mask {@code [B, T]} (non-zero for answer tokens), {@code [1]}
 *       the VIG selection {@code [B, T]} (non-zero for selected tokens).
 * </ul>
 *
 * {@link #evaluate} returns the scalar loss, equal to {@link VigMaskedSftLoss#compute} on the same
 * arrays; inputs are never closed. Stateless apart from the DJL accumulator inherited from {@link
 * Loss}, which is DJL's own mutable state.
 */
public final class VigMaskedSftTrainingLoss extends Loss {

  /** Creates the adapter under the name "VigMaskedSftLoss". */
  public VigMaskedSftTrainingLoss() {
    super("VigMaskedSftLoss");
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if a slot is missing or a shape does not match
   */
  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    if (predictions.isEmpty() || labels.size() < 2) {
      throw new IllegalArgumentException(
          "predictions need [tokenLogProbs] and labels [mask, selected], but have "
              + predictions.size()
              + " and "
              + labels.size()
              + " arrays");
    }
    return VigMaskedSftLoss.compute(
        new PerTokenLogProbs(predictions.get(0), labels.get(0)), labels.get(1));
  }

  @Override
  public String toString() {
    return "VigMaskedSftTrainingLoss()";
  }
}
