package dev.mia.loss.fused;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import dev.mia.loss.DpoOutput;

/**
 * The result of a {@link FusedPreferenceKernel} call: the loss and TRL's metrics, and the per-token
 * log-probabilities of the batch.
 *
 * <p>{@code dpo().loss()} is the scalar whose value is the objective's loss {@code L} and whose
 * autograd gradient (from the caller's {@code collector.backward(loss)}) into the hidden states,
 * the weight and the bias is exactly {@code dL/dh}, {@code dL/dW}, {@code dL/db}. Every other array
 * carries no gradient: {@code dpo().chosenLogProbs()} and {@code dpo().rejectedLogProbs()} are the
 * sequence log-probabilities {@code [B]}, {@code dpo().perPairLosses()} the per-pair losses. All
 * arrays are attached to the manager of the hidden states; the caller owns them.
 *
 * @param dpo the loss and metrics
 * @param tokenLogProbs {@code log p(labels[r, t])} {@code [2B, T]} in the compute type (float64 for
 *     float64 inputs, else float32), 0 where the mask is 0
 */
public record FusedPreferenceOutput(DpoOutput dpo, NDArray tokenLogProbs) implements AutoCloseable {

  /**
   * Checks that no component is null.
   *
   * @param dpo the loss and metrics
   * @param tokenLogProbs per-token log-probabilities {@code [2B, T]}, 0 where the mask is 0
   */
  public FusedPreferenceOutput {
    requireNonNull(dpo, "dpo");
    requireNonNull(tokenLogProbs, "tokenLogProbs");
  }

  /**
   * Returns the loss, {@code dpo().loss()}.
   *
   * @return the scalar loss with its gradient into h, W and b
   */
  public NDArray loss() {
    return dpo.loss();
  }

  /** Closes every array of this output (for callers that do not rely on a manager). */
  @Override
  public void close() {
    dpo.close();
    tokenLogProbs.close();
  }
}
