package dev.mia.loss.train;

/** Which answer of a preference pair. */
public enum Side {
  /** The preferred answer. */
  CHOSEN,
  /** The dispreferred answer. */
  REJECTED
}
