package dev.mia.loss.mixing;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.training.loss.Loss;
import dev.mia.core.tensor.OwnedScalar;
import dev.mia.loss.DpoOutput;
import dev.mia.loss.PreferenceLogProbs;

/**
 * {@link MixedDpo} (BDHS, arXiv 2407.02477) as a DJL {@link Loss}, so it plugs into a DJL {@code
 * Trainer}. The training step arrives in a label slot, and the pair set it trains on is {@link
 * MixedDpo#choice(long)} of that step: a pure function of the seed and the step. The adapter keeps
 * no step counter, so one instance serves a whole run, any thread, and a resumed run draws the same
 * choices.
 *
 * <h2>NDList slots</h2>
 *
 * <ul>
 *   <li>predictions: {@code [0]} policy log-probs of the offline chosen answers {@code y+} {@code
 *       [B]}, {@code [1]} of the offline rejected answers {@code y-} {@code [B]}, {@code [2]} of
 *       the online chosen answers {@code y~+} {@code [B']}, {@code [3]} of the online rejected
 *       answers {@code y~-} {@code [B']} (with gradient);
 *   <li>labels: {@code [0..3]} the reference log-probs in the same order (precomputed, no
 *       gradient), {@code [4]} the training step, one non-negative integer (any integer data type,
 *       shape {@code ()} or {@code (1)}).
 * </ul>
 *
 * {@link #evaluate} returns the scalar loss of the chosen set, equal to {@link
 * MixedDpo#compute(PreferenceLogProbs, PreferenceLogProbs, long)} on the same arrays; the other
 * set's arrays are not used, so no gradient flows to them. To skip the forward pass of the set not
 * chosen, call {@link MixedDpo#choice(long)} before the forward pass and train on that set alone
 * with {@code DpoTrainingLoss}. Inputs are never closed; intermediates are closed before {@code
 * evaluate} returns. Immutable apart from the DJL accumulator inherited from {@link Loss}, which is
 * DJL's own mutable state.
 */
public final class MixedDpoTrainingLoss extends Loss {
  private final MixedDpo mixed;

  /**
   * Wraps a Mixed-DPO setting under the name "MixedDpoLoss".
   *
   * @param mixed the loss, the probability of the offline pairs and the seed
   */
  public MixedDpoTrainingLoss(MixedDpo mixed) {
    super("MixedDpoLoss");
    this.mixed = requireNonNull(mixed, "mixed");
  }

  /**
   * Returns the Mixed-DPO setting.
   *
   * @return the setting
   */
  public MixedDpo mixed() {
    return mixed;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if a slot is missing, a shape does not match, or the step is
   *     not one non-negative integer
   */
  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    if (predictions.size() < 4 || labels.size() < 5) {
      throw new IllegalArgumentException(
          "predictions need [offlineChosen, offlineRejected, onlineChosen, onlineRejected] and"
              + " labels the four reference log-probs and the step, but have "
              + predictions.size()
              + " and "
              + labels.size()
              + " arrays");
    }
    long step = step(labels.get(4));
    PreferenceLogProbs offline =
        PreferenceLogProbs.builder(predictions.get(0), predictions.get(1))
            .reference(labels.get(0), labels.get(1))
            .build();
    PreferenceLogProbs online =
        PreferenceLogProbs.builder(predictions.get(2), predictions.get(3))
            .reference(labels.get(2), labels.get(3))
            .build();
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      try (DpoOutput out = mixed.compute(offline, online, step)) {
        NDArray loss = out.loss().mul(OwnedScalar.of(out.loss(), 1));
        NDScope.unregister(loss);
        return loss;
      }
    }
  }

  private static long step(NDArray slot) {
    if (slot.size() != 1 || !slot.getDataType().isInteger()) {
      throw new IllegalArgumentException(
          "labels[4] must be the step as one integer, but has shape "
              + slot.getShape()
              + " and data type "
              + slot.getDataType());
    }
    return slot.toArray()[0].longValue();
  }

  @Override
  public String toString() {
    return "MixedDpoTrainingLoss(" + mixed + ")";
  }
}
