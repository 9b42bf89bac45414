package dev.mia.core.tensor;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;

/**
 * Per-token log-probabilities {@code [B, T]} and the mask {@code [B, T]} of the tokens that count
 * (1 for a scored token, 0 for padding, prompt or ignored labels), with the per-sequence reductions
 * trainers use.
 *
 * <p>Every reduction selects the values with the mask (an element-wise {@code where}, never a
 * multiplication), so a masked position may hold any value, including {@code -Infinity} or NaN,
 * without touching the result or its gradient.
 *
 * <p>Ownership: the record does not own its arrays; reductions return new arrays attached to the
 * manager of {@link #values()}, which the caller closes (or lets its manager close).
 *
 * @param values per-token log-probabilities {@code [B, T]}, floating point
 * @param mask {@code [B, T]} of 0/1 (any numeric type; non-zero counts), same shape as values
 */
public record PerTokenLogProbs(NDArray values, NDArray mask) {

  /**
   * Validates the shapes.
   *
   * @param values per-token log-probabilities {@code [B, T]}, floating point
   * @param mask {@code [B, T]} of 0/1 (any numeric type; non-zero counts), same shape as values
   * @throws IllegalArgumentException if values is not 2-D or the mask has another shape
   */
  public PerTokenLogProbs {
    requireNonNull(values, "values");
    requireNonNull(mask, "mask");
    if (values.getShape().dimension() != 2) {
      throw new IllegalArgumentException(
          "values must be [B, T], but has shape: " + values.getShape());
    }
    if (!values.getShape().equals(mask.getShape())) {
      throw new IllegalArgumentException(
          "mask shape " + mask.getShape() + " does not match values shape " + values.getShape());
    }
  }

  /**
   * Per-sequence sum {@code sum_t m_t lp_t}.
   *
   * @return {@code [B]} in the dtype of values
   */
  public NDArray sum() {
    return masked().sum(new int[] {1});
  }

  /**
   * Number of counted tokens per sequence, {@code sum_t m_t}.
   *
   * @return {@code [B]} in the dtype of values
   */
  public NDArray tokenCounts() {
    return mask.neq(0).toType(values.getDataType(), false).sum(new int[] {1});
  }

  /**
   * Per-sequence mean over the counted tokens, {@code sum_t m_t lp_t / max(1, sum_t m_t)}: 0 for a
   * sequence with no counted token.
   *
   * @return {@code [B]} in the dtype of values
   */
  public NDArray mean() {
    return sum().div(tokenCounts().maximum(1));
  }

  /**
   * Per-sequence weighted sum {@code sum_t m_t w_t lp_t} (DDPO's unnormalised form).
   *
   * @param weights per-token weights {@code [B, T]}, same shape as values
   * @return {@code [B]} in the dtype of values
   * @throws IllegalArgumentException if the weights have another shape
   */
  public NDArray weightedSum(NDArray weights) {
    checkWeights(weights);
    return masked().mul(weights.toType(values.getDataType(), false)).sum(new int[] {1});
  }

  /**
   * Per-sequence weighted mean {@code sum_t m_t w_t lp_t / sum_t m_t w_t} (DDPO's normalised form,
   * RLHF-V eq. 5); 0 where the weight sum is 0.
   *
   * @param weights per-token weights {@code [B, T]}, same shape as values, non-negative
   * @return {@code [B]} in the dtype of values
   * @throws IllegalArgumentException if the weights have another shape
   */
  public NDArray weightedMean(NDArray weights) {
    checkWeights(weights);
    NDArray w = weights.toType(values.getDataType(), false);
    NDArray zeros = w.zerosLike();
    NDArray wm = NDArrays.where(mask.neq(0), w, zeros);
    NDArray denominator = wm.sum(new int[] {1});
    NDArray safe = NDArrays.where(denominator.gt(0), denominator, denominator.onesLike());
    return masked().mul(wm).sum(new int[] {1}).div(safe);
  }

  /**
   * The values with masked positions replaced by 0.
   *
   * @return {@code [B, T]} in the dtype of values
   */
  public NDArray masked() {
    return NDArrays.where(mask.neq(0), values, values.zerosLike());
  }

  private void checkWeights(NDArray weights) {
    requireNonNull(weights, "weights");
    if (!weights.getShape().equals(values.getShape())) {
      throw new IllegalArgumentException(
          "weights shape "
              + weights.getShape()
              + " does not match values shape "
              + values.getShape());
    }
  }
}
