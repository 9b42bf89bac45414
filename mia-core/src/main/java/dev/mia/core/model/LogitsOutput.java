package dev.mia.core.model;

/**
 * Whether a scoring call returns the full logits as well as the per-token log-probs. Logits are
 * {@code [B, T, V]}: for a 152k-token vocabulary that is 600 kB per answer token in float32, so
 * they are returned only when asked for.
 */
public enum LogitsOutput {
  /** Return only per-token log-probs: the default. */
  OMIT,
  /** Also return the answer positions' logits {@code [B, T, V]}. */
  RETURN
}
