package dev.mia.core.eval;

/**
 * Counts {@link MultiImageOutcome}s as they stream in; {@link #snapshot()} returns the immutable
 * {@link MultiImageResult} so far.
 *
 * <p>Not thread-safe: use one accumulator per thread and combine the snapshots with {@link
 * MultiImageResult#plus(MultiImageResult)}.
 */
public final class MultiImageAccumulator {
  private final long[] counts = new long[MultiImageOutcome.values().length];

  /** Creates an empty accumulator. */
  public MultiImageAccumulator() {}

  /**
   * Counts one outcome.
   *
   * @param outcome the classified answer
   */
  public void add(MultiImageOutcome outcome) {
    counts[outcome.ordinal()]++;
  }

  /**
   * Returns the counts so far; later additions do not change the returned value.
   *
   * @return an immutable result
   */
  public MultiImageResult snapshot() {
    return new MultiImageResult(
        counts[MultiImageOutcome.CORRECT.ordinal()],
        counts[MultiImageOutcome.SEQUENCE_CONFUSION.ordinal()],
        counts[MultiImageOutcome.ELEMENT_INTERFERENCE.ordinal()],
        counts[MultiImageOutcome.OTHER_WRONG.ordinal()]);
  }

  @Override
  public String toString() {
    return "MultiImageAccumulator(" + snapshot() + ")";
  }
}
