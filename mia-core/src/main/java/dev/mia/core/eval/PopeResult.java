package dev.mia.core.eval;

/**
 * The confusion counts of a POPE evaluation and the metrics the official script reports, with YES
 * as the positive class.
 *
 * <ul>
 *   <li>accuracy = (TP + TN) / N
 *   <li>precision = TP / (TP + FP)
 *   <li>recall = TP / (TP + FN)
 *   <li>F1 = 2 P R / (P + R)
 *   <li>yes-ratio = (TP + FP) / N
 * </ul>
 *
 * <h2>Degenerate sets</h2>
 *
 * <p>Where the script would divide by zero, the metric is 0: precision when nothing was predicted
 * yes, recall when no label is yes, F1 when precision + recall is 0, accuracy and yes-ratio when N
 * is 0. No metric is ever NaN.
 *
 * @param truePositives label yes, predicted yes
 * @param falsePositives label no, predicted yes
 * @param trueNegatives label no, predicted no
 * @param falseNegatives label yes, predicted no
 */
public record PopeResult(
    long truePositives, long falsePositives, long trueNegatives, long falseNegatives) {
  /** The result of no answers at all: every count and metric 0. */
  public static final PopeResult EMPTY = new PopeResult(0, 0, 0, 0);

  /**
   * Validates the counts.
   *
   * @param truePositives label yes, predicted yes
   * @param falsePositives label no, predicted yes
   * @param trueNegatives label no, predicted no
   * @param falseNegatives label yes, predicted no
   * @throws IllegalArgumentException if a count is negative
   */
  public PopeResult {
    Fractions.checkCount("truePositives", truePositives);
    Fractions.checkCount("falsePositives", falsePositives);
    Fractions.checkCount("trueNegatives", trueNegatives);
    Fractions.checkCount("falseNegatives", falseNegatives);
  }

  /**
   * Returns the number of answers, N = TP + FP + TN + FN.
   *
   * @return the number of answers
   */
  public long total() {
    return truePositives + falsePositives + trueNegatives + falseNegatives;
  }

  /**
   * Returns (TP + TN) / N, or 0 if N is 0.
   *
   * @return the accuracy in [0, 1]
   */
  public double accuracy() {
    return Fractions.ratio(truePositives + trueNegatives, total());
  }

  /**
   * Returns TP / (TP + FP), or 0 if nothing was predicted yes.
   *
   * @return the precision in [0, 1]
   */
  public double precision() {
    return Fractions.ratio(truePositives, truePositives + falsePositives);
  }

  /**
   * Returns TP / (TP + FN), or 0 if no label is yes.
   *
   * @return the recall in [0, 1]
   */
  public double recall() {
    return Fractions.ratio(truePositives, truePositives + falseNegatives);
  }

  /**
   * Returns 2 P R / (P + R), or 0 if P + R is 0.
   *
   * @return the F1 score in [0, 1]
   */
  public double f1() {
    return Fractions.harmonicMean(precision(), recall());
  }

  /**
   * Returns the share of answers parsed as yes, (TP + FP) / N, or 0 if N is 0.
   *
   * @return the yes-ratio in [0, 1]
   */
  public double yesRatio() {
    return Fractions.ratio(truePositives + falsePositives, total());
  }

  /**
   * Returns the sum of this result's counts and another's.
   *
   * @param other the other result
   * @return a result with the counts added
   */
  public PopeResult plus(PopeResult other) {
    return new PopeResult(
        truePositives + other.truePositives,
        falsePositives + other.falsePositives,
        trueNegatives + other.trueNegatives,
        falseNegatives + other.falseNegatives);
  }

  @Override
  public String toString() {
    return "PopeResult(n="
        + total()
        + ", tp="
        + truePositives
        + ", fp="
        + falsePositives
        + ", tn="
        + trueNegatives
        + ", fn="
        + falseNegatives
        + ", accuracy="
        + accuracy()
        + ", precision="
        + precision()
        + ", recall="
        + recall()
        + ", f1="
        + f1()
        + ", yesRatio="
        + yesRatio()
        + ")";
  }
}
