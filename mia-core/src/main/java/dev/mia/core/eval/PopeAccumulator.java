package dev.mia.core.eval;

/**
 * Counts POPE answers as they stream in; {@link #snapshot()} returns the immutable {@link
 * PopeResult} so far (the Guava {@code StatsAccumulator} pattern).
 *
 * <p>Not thread-safe: use one accumulator per thread and combine the snapshots with {@link
 * PopeResult#plus(PopeResult)}.
 */
public final class PopeAccumulator {
  private final PopeAnswerParser parser;
  private long truePositives;
  private long falsePositives;
  private long trueNegatives;
  private long falseNegatives;

  /** Creates an empty accumulator that parses answers with {@link PopeAnswerParser#OFFICIAL}. */
  public PopeAccumulator() {
    this(PopeAnswerParser.OFFICIAL);
  }

  /**
   * Creates an empty accumulator that parses free-form answers with the given parser.
   *
   * @param parser the answer parser used by {@link #addAnswer(YesNo, String)}
   */
  public PopeAccumulator(PopeAnswerParser parser) {
    this.parser = parser;
  }

  /**
   * Counts one prediction.
   *
   * @param label the ground truth
   * @param prediction the parsed answer
   */
  public void add(YesNo label, YesNo prediction) {
    if (label == YesNo.YES) {
      if (prediction == YesNo.YES) {
        truePositives++;
      } else {
        falseNegatives++;
      }
    } else if (prediction == YesNo.YES) {
      falsePositives++;
    } else {
      trueNegatives++;
    }
  }

  /**
   * Parses a free-form answer with this accumulator's parser and counts it.
   *
   * @param label the ground truth
   * @param answer the model's answer
   * @return the parsed prediction
   */
  public YesNo addAnswer(YesNo label, String answer) {
    YesNo prediction = parser.parse(answer);
    add(label, prediction);
    return prediction;
  }

  /**
   * Returns the counts so far; later additions do not change the returned value.
   *
   * @return an immutable result
   */
  public PopeResult snapshot() {
    return new PopeResult(truePositives, falsePositives, trueNegatives, falseNegatives);
  }

  @Override
  public String toString() {
    return "PopeAccumulator(parser=" + parser + ", counts=" + snapshot() + ")";
  }
}
