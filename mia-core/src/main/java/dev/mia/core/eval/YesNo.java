package dev.mia.core.eval;

/** A yes/no label or prediction; in POPE's metrics, {@link #YES} is the positive class. */
public enum YesNo {
  /** The object is (said to be) in the image. */
  YES,
  /** The object is (said to be) absent. */
  NO;

  /**
   * Returns the lower-case word, {@code "yes"} or {@code "no"}, as POPE's label files write it.
   *
   * @return the label word
   */
  public String word() {
    return this == YES ? "yes" : "no";
  }
}
