package dev.mia.core.eval;

/** How {@link MultiImageJudge} classifies an answer; the cases are exclusive, checked in order. */
public enum MultiImageOutcome {
  /** The answer matches an acceptable answer of the target image. */
  CORRECT,
  /**
   * Wrong, and it matches an acceptable answer of another image: the model answered about the wrong
   * image.
   */
  SEQUENCE_CONFUSION,
  /**
   * Wrong, not a sequence confusion, and it contains an attribute value of another image that the
   * target image does not have: the model mixed an element of another image into its answer.
   */
  ELEMENT_INTERFERENCE,
  /** Wrong for any other reason. */
  OTHER_WRONG
}
