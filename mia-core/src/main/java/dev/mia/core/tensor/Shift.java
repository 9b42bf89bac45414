package dev.mia.core.tensor;

/** How logits positions line up with label positions in {@link TokenLogProbs}. */
public enum Shift {
  /**
   * Logits at position {@code t} score the label at position {@code t}; the output has T columns.
   */
  NONE,
  /**
   * Causal language-model convention: logits at position {@code t} predict the label at {@code t +
   * 1}, so {@code logits[:, :-1]} is scored against {@code labels[:, 1:]} (and {@code mask[:,
   * 1:]}); the output has T - 1 columns.
   */
  NEXT_TOKEN
}
