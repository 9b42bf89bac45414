package dev.mia.loss;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import dev.mia.core.tensor.OwnedScalar;
import dev.mia.core.tensor.PerTokenLogProbs;

/**
 * LD-DPO's length-desensitised sequence log-probabilities (Liu et al., arXiv 2409.06411; TRL {@code
 * ld_alpha}): with {@code l_p = min(|y_c|, |y_r|)} the public length of a pair, each response's
 * log-probability is {@code sum of its first l_p counted tokens + alpha * sum of the rest}. Apply
 * it to the policy and to the reference with the same pairs of masks.
 *
 * <p>Positions are counted over the mask (the k-th counted token, as current TRL does), so prompt
 * or padding positions before the response do not shift the split.
 */
public final class LengthDesensitised {
  private LengthDesensitised() {}

  /**
   * Computes one response side's LD-DPO log-probabilities.
   *
   * @param side per-token log-probabilities of the response to reduce (chosen or rejected)
   * @param chosenMask the chosen responses' mask {@code [B, Tc]}
   * @param rejectedMask the rejected responses' mask {@code [B, Tr]}
   * @param alpha the weight of the tokens beyond the public length, in {@code [0, 1]}
   * @return {@code [B]}, attached to the manager of {@code side.values()}
   * @throws IllegalArgumentException if alpha is outside {@code [0, 1]} or the batch sizes differ
   */
  public static NDArray sequenceLogProbs(
      PerTokenLogProbs side, NDArray chosenMask, NDArray rejectedMask, double alpha) {
    requireNonNull(side, "side");
    requireNonNull(chosenMask, "chosenMask");
    requireNonNull(rejectedMask, "rejectedMask");
    if (!(alpha >= 0 && alpha <= 1)) {
      throw new IllegalArgumentException("alpha must be in [0, 1], but is: " + alpha);
    }
    long b = side.values().getShape().get(0);
    if (chosenMask.getShape().get(0) != b || rejectedMask.getShape().get(0) != b) {
      throw new IllegalArgumentException(
          "mask shapes "
              + chosenMask.getShape()
              + " and "
              + rejectedMask.getShape()
              + " do not match values shape "
              + side.values().getShape());
    }
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      DataType type = side.values().getDataType();
      NDArray chosenLength = chosenMask.neq(0).toType(type, false).sum(new int[] {1});
      NDArray rejectedLength = rejectedMask.neq(0).toType(type, false).sum(new int[] {1});
      NDArray publicLength = chosenLength.minimum(rejectedLength).expandDims(1);
      NDArray counted = side.mask().neq(0);
      NDArray position = counted.toType(type, false).cumSum(1);
      NDArray shared = counted.logicalAnd(position.lte(publicLength));
      NDArray values = side.masked();
      NDArray zeros = values.zerosLike();
      NDArray sharedSum = NDArrays.where(shared, values, zeros).sum(new int[] {1});
      NDArray tail = NDArrays.where(shared.logicalNot(), values, zeros).sum(new int[] {1});
      NDArray result = sharedSum.add(tail.mul(OwnedScalar.of(tail, alpha)));
      NDScope.unregister(result);
      return result;
    }
  }
}
