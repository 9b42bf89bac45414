package dev.mia.core.model;

/** What {@link TrainableVisionLanguageModel#scoreTokens} returns. */
public enum TrainingOutput {
  /** Per-token log-probs of the answer tokens, on the autograd graph. */
  LOG_PROBS,
  /**
   * The final hidden states at the positions that predict the answer tokens and the output
   * projection, on the autograd graph, without the logits: for a fused output-projection kernel
   * that never materialises the {@code [B, T, V]} logits.
   */
  HIDDEN_STATES
}
