package dev.mia.loss;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDScope;
import dev.mia.core.tensor.PerTokenLogProbs;

/**
 * VIG-masked supervised loss (Lee and Hwang, "Visual Information Gain", arXiv 2602.17186):
 * cross-entropy only on the selected answer tokens, averaged over them across the batch: {@code L =
 * -sum_{b,t} s_bt m_bt lp_bt / sum_{b,t} s_bt m_bt}, with {@code m} the log-prob mask and {@code s}
 * the selection (tokens whose VIG reaches the threshold). Unselected tokens stay in the forward
 * pass; only their labels are masked. A batch without any selected token gives loss 0.
 *
 * <p>Stateless; inputs are never closed; the result is attached to the manager of the values.
 */
public final class VigMaskedSftLoss {
  private VigMaskedSftLoss() {}

  /**
   * Computes the loss.
   *
   * @param tokens per-token log-probabilities and mask {@code [B, T]}
   * @param selected {@code [B, T]}, non-zero where a token is selected
   * @return the scalar loss
   * @throws IllegalArgumentException if the selection's shape differs from the tokens'
   */
  public static NDArray compute(PerTokenLogProbs tokens, NDArray selected) {
    requireNonNull(tokens, "tokens");
    requireNonNull(selected, "selected");
    if (!selected.getShape().equals(tokens.values().getShape())) {
      throw new IllegalArgumentException(
          "selected shape "
              + selected.getShape()
              + " does not match values shape "
              + tokens.values().getShape());
    }
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDArray use = selected.neq(0).logicalAnd(tokens.mask().neq(0));
      NDArray values = tokens.values();
      NDArray picked = NDArrays.where(use, values, values.zerosLike());
      NDArray count = use.toType(values.getDataType(), false).sum().maximum(1);
      NDArray loss = picked.sum().div(count).neg();
      NDScope.unregister(loss);
      return loss;
    }
  }
}
