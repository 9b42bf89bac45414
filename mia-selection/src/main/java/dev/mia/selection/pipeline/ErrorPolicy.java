package dev.mia.selection.pipeline;

/** What a pipeline does with a sample that fails with a {@link dev.mia.core.MiaException}. */
public enum ErrorPolicy {
  /** Report the sample's error and go on with the others: the default. */
  SKIP,
  /** Stop the run by rethrowing the error. */
  FAIL
}
