package dev.mia.core.eval;

/**
 * CHAIR over a set of captions (Rohrbach et al., "Object Hallucination in Image Captioning", EMNLP
 * 2018), counted as the Python 3 {@code chair.py} of OPERA does:
 *
 * <ul>
 *   <li>CHAIR_i = hallucinated mentions / all mentions (a category mentioned twice counts twice);
 *   <li>CHAIR_s = captions with at least one hallucinated mention / captions;
 *   <li>recall = sum over captions of |unique ground-truth categories mentioned| / sum over
 *       captions of |ground-truth categories|.
 * </ul>
 *
 * <h2>Degenerate sets</h2>
 *
 * <p>A ratio with a zero denominator is 0: CHAIR_i with no mention, CHAIR_s with no caption, recall
 * with no ground-truth object. No metric is ever NaN.
 *
 * @param captions the number of captions
 * @param hallucinatedCaptions the captions with at least one hallucinated mention
 * @param mentions the object mentions, duplicates counted
 * @param hallucinatedMentions the mentions whose category is not in the ground truth
 * @param groundTruthObjects the sum of ground-truth category counts
 * @param recalledObjects the sum of unique ground-truth categories mentioned
 */
public record ChairResult(
    long captions,
    long hallucinatedCaptions,
    long mentions,
    long hallucinatedMentions,
    long groundTruthObjects,
    long recalledObjects) {
  /** The result of no captions: every count and metric 0. */
  public static final ChairResult EMPTY = new ChairResult(0, 0, 0, 0, 0, 0);

  /**
   * Validates the counts.
   *
   * @param captions the number of captions
   * @param hallucinatedCaptions the captions with at least one hallucinated mention
   * @param mentions the object mentions, duplicates counted
   * @param hallucinatedMentions the mentions whose category is not in the ground truth
   * @param groundTruthObjects the sum of ground-truth category counts
   * @param recalledObjects the sum of unique ground-truth categories mentioned
   * @throws IllegalArgumentException if a count is negative or a part exceeds its whole
   */
  public ChairResult {
    Fractions.checkCount("captions", captions);
    Fractions.checkCount("hallucinatedCaptions", hallucinatedCaptions);
    Fractions.checkCount("mentions", mentions);
    Fractions.checkCount("hallucinatedMentions", hallucinatedMentions);
    Fractions.checkCount("groundTruthObjects", groundTruthObjects);
    Fractions.checkCount("recalledObjects", recalledObjects);
    checkPart("hallucinatedCaptions", hallucinatedCaptions, "captions", captions);
    checkPart("hallucinatedMentions", hallucinatedMentions, "mentions", mentions);
    checkPart("recalledObjects", recalledObjects, "groundTruthObjects", groundTruthObjects);
  }

  private static void checkPart(String partName, long part, String wholeName, long whole) {
    if (part > whole) {
      throw new IllegalArgumentException(
          partName + " must be <= " + wholeName + " (" + whole + "), but is: " + part);
    }
  }

  /**
   * Returns CHAIR_i, hallucinated mentions / mentions, or 0 with no mention.
   *
   * @return the instance-level hallucination rate in [0, 1]
   */
  public double chairI() {
    return Fractions.ratio(hallucinatedMentions, mentions);
  }

  /**
   * Returns CHAIR_s, hallucinating captions / captions, or 0 with no caption.
   *
   * @return the sentence-level hallucination rate in [0, 1]
   */
  public double chairS() {
    return Fractions.ratio(hallucinatedCaptions, captions);
  }

  /**
   * Returns recalled ground-truth objects / ground-truth objects, or 0 with no ground truth.
   *
   * @return the object recall in [0, 1]
   */
  public double recall() {
    return Fractions.ratio(recalledObjects, groundTruthObjects);
  }

  /**
   * Returns the sum of this result's counts and another's.
   *
   * @param other the other result
   * @return a result with the counts added
   */
  public ChairResult plus(ChairResult other) {
    return new ChairResult(
        captions + other.captions,
        hallucinatedCaptions + other.hallucinatedCaptions,
        mentions + other.mentions,
        hallucinatedMentions + other.hallucinatedMentions,
        groundTruthObjects + other.groundTruthObjects,
        recalledObjects + other.recalledObjects);
  }

  @Override
  public String toString() {
    return "ChairResult(captions="
        + captions
        + ", hallucinatedCaptions="
        + hallucinatedCaptions
        + ", mentions="
        + mentions
        + ", hallucinatedMentions="
        + hallucinatedMentions
        + ", groundTruthObjects="
        + groundTruthObjects
        + ", recalledObjects="
        + recalledObjects
        + ", chairI="
        + chairI()
        + ", chairS="
        + chairS()
        + ", recall="
        + recall()
        + ")";
  }
}
