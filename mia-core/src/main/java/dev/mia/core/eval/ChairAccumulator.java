package dev.mia.core.eval;

/**
 * Sums {@link ChairCaptionScore}s as they stream in; {@link #snapshot()} returns the immutable
 * {@link ChairResult} so far.
 *
 * <p>Not thread-safe: use one accumulator per thread and combine the snapshots with {@link
 * ChairResult#plus(ChairResult)}.
 */
public final class ChairAccumulator {
  private long captions;
  private long hallucinatedCaptions;
  private long mentions;
  private long hallucinatedMentions;
  private long groundTruthObjects;
  private long recalledObjects;

  /** Creates an empty accumulator. */
  public ChairAccumulator() {}

  /**
   * Counts one caption.
   *
   * @param score the caption's judgement
   */
  public void add(ChairCaptionScore score) {
    int hallucinated = score.hallucinatedMentions().size();
    captions++;
    if (hallucinated > 0) {
      hallucinatedCaptions++;
    }
    mentions += score.mentions().size();
    hallucinatedMentions += hallucinated;
    groundTruthObjects += score.groundTruth().size();
    recalledObjects += score.recalledCategories().size();
  }

  /**
   * Returns the counts so far; later additions do not change the returned value.
   *
   * @return an immutable result
   */
  public ChairResult snapshot() {
    return new ChairResult(
        captions,
        hallucinatedCaptions,
        mentions,
        hallucinatedMentions,
        groundTruthObjects,
        recalledObjects);
  }

  @Override
  public String toString() {
    return "ChairAccumulator(" + snapshot() + ")";
  }
}
