package dev.mia.loss.train;

/** What an optimiser step did. */
public enum StepOutcome {
  /** The weights were updated. */
  UPDATED,
  /** The loss was NaN or infinite: no update, gradients cleared. */
  SKIPPED_NON_FINITE_LOSS,
  /**
   * The update left a weight NaN or infinite: the weights were restored and the optimiser replaced
   * (its learning-rate schedule continues).
   */
  UNDONE_NON_FINITE_WEIGHTS
}
