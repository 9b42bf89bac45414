package dev.mia.loss;

/** Whether IPO compares per-token averages or sums of log-ratios. */
public enum IpoNormalisation {
  /**
   * Divide each response's score by its token count (both TRL 0.24 and current TRL do this; the IPO
   * authors confirmed it is the form their results use). Needs the lengths in the inputs. Under
   * {@link TrlVersion#LEGACY_0_24} the whole batch is fed as per-token means (see there).
   */
  PER_TOKEN_MEAN,
  /** IPO eq. 17 on summed sequence log-probabilities, as written in the paper. */
  NONE
}
