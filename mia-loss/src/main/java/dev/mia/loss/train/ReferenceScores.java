package dev.mia.loss.train;

import static java.util.Objects.requireNonNull;

import dev.mia.core.tensor.PerTokenLogProbs;

/**
 * The frozen reference model's per-token log-probs of a batch's answers, padded like the batch's
 * rows; never on an autograd graph.
 *
 * @param chosen the chosen answers' log-probs and mask {@code [B, T_c]}
 * @param rejected the rejected answers' log-probs and mask {@code [B, T_r]}
 */
public record ReferenceScores(PerTokenLogProbs chosen, PerTokenLogProbs rejected) {
  /**
   * Validates the scores.
   *
   * @param chosen the chosen answers' log-probs and mask {@code [B, T_c]}
   * @param rejected the rejected answers' log-probs and mask {@code [B, T_r]}
   */
  public ReferenceScores {
    requireNonNull(chosen, "chosen");
    requireNonNull(rejected, "rejected");
  }

  /**
   * Returns one side's scores.
   *
   * @param side which answers
   * @return the log-probs and mask
   */
  public PerTokenLogProbs side(Side side) {
    return side == Side.CHOSEN ? chosen : rejected;
  }
}
