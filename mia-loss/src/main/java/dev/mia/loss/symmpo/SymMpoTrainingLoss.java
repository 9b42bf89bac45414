package dev.mia.loss.symmpo;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import dev.mia.core.tensor.OwnedScalar;
import dev.mia.loss.DpoOutput;

/**
 * A {@link SymMpoLoss} as a DJL {@link Loss}, so it plugs into a DJL {@code Trainer}.
 *
 * <h2>NDList slots</h2>
 *
 * <ul>
 *   <li>predictions (policy, with gradient), each {@code [B]}: {@code [0]} {@code log pi(y_w|m)},
 *       {@code [1]} {@code log pi(y_l|m)}, {@code [2]} {@code log pi(y'|m)}, {@code [3]} {@code log
 *       pi(y_w|m')}, {@code [4]} {@code log pi(y'|m')};
 *   <li>labels: the reference's five in the same order (precomputed, no gradient).
 * </ul>
 *
 * {@link #evaluate} returns the scalar loss; the metrics are dropped (use {@link
 * SymMpoLoss#compute} to log them). The DJL accumulator inherited from {@link Loss} is DJL's own
 * mutable state.
 */
public final class SymMpoTrainingLoss extends Loss {
  private final SymMpoLoss loss;

  /**
   * Wraps a configured loss under the name "SymMpoLoss".
   *
   * @param loss the loss
   */
  public SymMpoTrainingLoss(SymMpoLoss loss) {
    super("SymMpoLoss");
    this.loss = requireNonNull(loss, "loss");
  }

  /**
   * Returns the wrapped loss.
   *
   * @return the loss
   */
  public SymMpoLoss loss() {
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
          "predictions and labels need five arrays each (policy and reference log-probs of"
              + " y_w|m, y_l|m, y'|m, y_w|m', y'|m'), but have "
              + predictions.size()
              + " and "
              + labels.size());
    }
    try (DpoOutput out = loss.compute(side(predictions), side(labels))) {
      return out.loss().mul(OwnedScalar.of(out.loss(), 1));
    }
  }

  private static SymMpoSide side(NDList list) {
    return new SymMpoSide(list.get(0), list.get(1), list.get(2), list.get(3), list.get(4));
  }

  @Override
  public String toString() {
    return "SymMpoTrainingLoss(" + loss + ")";
  }
}
