package dev.mia.core.eval;

/**
 * Counts of {@link MultiImageOutcome}s and the rates mia reports for multi-image confusion.
 *
 * <ul>
 *   <li>error rate = wrong / total, where wrong = sequence confusion + element interference + other
 *       wrong;
 *   <li>sequence-confusion share = sequence confusion / wrong;
 *   <li>element-interference share = element interference / wrong.
 * </ul>
 *
 * <h2>Degenerate sets</h2>
 *
 * <p>A ratio with a zero denominator is 0 (no answers, or no wrong answers). No rate is ever NaN.
 *
 * @param correct answers classified {@link MultiImageOutcome#CORRECT}
 * @param sequenceConfusion answers classified {@link MultiImageOutcome#SEQUENCE_CONFUSION}
 * @param elementInterference answers classified {@link MultiImageOutcome#ELEMENT_INTERFERENCE}
 * @param otherWrong answers classified {@link MultiImageOutcome#OTHER_WRONG}
 */
public record MultiImageResult(
    long correct, long sequenceConfusion, long elementInterference, long otherWrong) {
  /** The result of no answers: every count and rate 0. */
  public static final MultiImageResult EMPTY = new MultiImageResult(0, 0, 0, 0);

  /**
   * Validates the counts.
   *
   * @param correct answers classified {@link MultiImageOutcome#CORRECT}
   * @param sequenceConfusion answers classified {@link MultiImageOutcome#SEQUENCE_CONFUSION}
   * @param elementInterference answers classified {@link MultiImageOutcome#ELEMENT_INTERFERENCE}
   * @param otherWrong answers classified {@link MultiImageOutcome#OTHER_WRONG}
   * @throws IllegalArgumentException if a count is negative
   */
  public MultiImageResult {
    Fractions.checkCount("correct", correct);
    Fractions.checkCount("sequenceConfusion", sequenceConfusion);
    Fractions.checkCount("elementInterference", elementInterference);
    Fractions.checkCount("otherWrong", otherWrong);
  }

  /**
   * Returns the number of answers.
   *
   * @return correct + wrong
   */
  public long total() {
    return correct + wrong();
  }

  /**
   * Returns the number of wrong answers.
   *
   * @return sequence confusion + element interference + other wrong
   */
  public long wrong() {
    return sequenceConfusion + elementInterference + otherWrong;
  }

  /**
   * Returns wrong / total, or 0 with no answers.
   *
   * @return the error rate in [0, 1]
   */
  public double errorRate() {
    return Fractions.ratio(wrong(), total());
  }

  /**
   * Returns sequence confusion / wrong, or 0 with no wrong answer.
   *
   * @return the share of wrong answers that fit another image, in [0, 1]
   */
  public double sequenceConfusionShare() {
    return Fractions.ratio(sequenceConfusion, wrong());
  }

  /**
   * Returns element interference / wrong, or 0 with no wrong answer.
   *
   * @return the share of wrong answers that borrow another image's attribute, in [0, 1]
   */
  public double elementInterferenceShare() {
    return Fractions.ratio(elementInterference, wrong());
  }

  /**
   * Returns the sum of this result's counts and another's.
   *
   * @param other the other result
   * @return a result with the counts added
   */
  public MultiImageResult plus(MultiImageResult other) {
    return new MultiImageResult(
        correct + other.correct,
        sequenceConfusion + other.sequenceConfusion,
        elementInterference + other.elementInterference,
        otherWrong + other.otherWrong);
  }

  @Override
  public String toString() {
    return "MultiImageResult(total="
        + total()
        + ", correct="
        + correct
        + ", sequenceConfusion="
        + sequenceConfusion
        + ", elementInterference="
        + elementInterference
        + ", otherWrong="
        + otherWrong
        + ", errorRate="
        + errorRate()
        + ", sequenceConfusionShare="
        + sequenceConfusionShare()
        + ", elementInterferenceShare="
        + elementInterferenceShare()
        + ")";
  }
}
