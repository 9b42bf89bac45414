package dev.mia.core.eval;

/**
 * How POPE picks the absent objects that make its "no" questions (Li et al., EMNLP 2023, {@code
 * utils.py} of AoiDragon/POPE). Each names one of the three published splits.
 */
public enum PopeSampling {
  /** Uniformly among the dataset's objects that the image does not hold (seeded). */
  RANDOM("random"),
  /** The dataset's most frequent objects (by number of images) that the image does not hold. */
  POPULAR("popular"),
  /**
   * For each positive object, the object that most often co-occurs with it in the dataset and that
   * the image does not hold.
   */
  ADVERSARIAL("adversarial");

  private final String label;

  PopeSampling(String label) {
    this.label = label;
  }

  /**
   * Returns the split's name as POPE's files use it ({@code coco_pope_random.json}, ...).
   *
   * @return {@code "random"}, {@code "popular"} or {@code "adversarial"}
   */
  public String label() {
    return label;
  }
}
