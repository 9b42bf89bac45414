package dev.mia.loss;

/**
 * The running mean of BCO rewards that TRL 0.24's {@code bco_pair} loss subtracts ({@code
 * RunningMoments}: starts at mean 0 with count 1e-24 and merges each batch's mean weighted by its
 * count). This is the one piece of mutable state of the loss family, kept out of the immutable
 * {@link DpoLoss}; pass it to {@link DpoLoss#compute(PreferenceLogProbs, BcoRunningMean)}.
 *
 * <p>Thread-safe: updates are synchronized.
 */
public final class BcoRunningMean {
  private double mean;
  private double count = 1e-24;

  /** Creates an accumulator at mean 0. */
  public BcoRunningMean() {}

  /**
   * Merges a batch of rewards and returns the updated mean, which TRL uses as delta for that batch.
   *
   * @param batchMean the batch's mean reward (over chosen and rejected rewards)
   * @param batchCount the number of rewards in the batch, {@code > 0}
   * @return the updated running mean
   * @throws IllegalArgumentException if the count is not positive or the mean is not finite
   */
  public synchronized double update(double batchMean, long batchCount) {
    if (batchCount <= 0) {
      throw new IllegalArgumentException("batchCount must be > 0, but is: " + batchCount);
    }
    if (!Double.isFinite(batchMean)) {
      throw new IllegalArgumentException("batchMean must be finite, but is: " + batchMean);
    }
    double total = count + batchCount;
    mean += (batchMean - mean) * batchCount / total;
    count = total;
    return mean;
  }

  /**
   * Merges one batch exactly as TRL 0.24's {@code bco_pair} does: it passes {@code
   * RunningMoments.update} the 0-d batch mean of the chosen and rejected rewards, so each batch
   * counts once whatever its size, and the increment {@code (batchMean - mean) * 1 / (count + 1)}
   * is computed in float32 (the batch mean is cast to float32 there) before being added to the
   * double-precision running mean.
   *
   * @param batchMean the batch's mean reward, as float32
   * @return the updated running mean, TRL's delta for that batch
   * @throws IllegalArgumentException if the mean is not finite
   */
  public synchronized double updateAsTrl024(float batchMean) {
    if (!Float.isFinite(batchMean)) {
      throw new IllegalArgumentException("batchMean must be finite, but is: " + batchMean);
    }
    float delta = batchMean - (float) mean;
    double total = count + 1;
    float increment = delta * 1 / (float) total;
    mean += increment;
    count = total;
    return mean;
  }

  /**
   * Returns the current running mean.
   *
   * @return the mean
   */
  public synchronized double mean() {
    return mean;
  }

  @Override
  public synchronized String toString() {
    return "BcoRunningMean(mean=" + mean + ", count=" + count + ")";
  }
}
