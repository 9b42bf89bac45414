package dev.mia.loss.train;

/**
 * How many rows {@link ReferenceLogProbs} found in its cache and how many it computed.
 *
 * @param hits rows read from the cache
 * @param misses rows computed with the reference model (and stored)
 */
public record ReferenceStats(long hits, long misses) {
  /** No lookups. */
  public static final ReferenceStats NONE = new ReferenceStats(0, 0);

  /**
   * Validates the counts.
   *
   * @param hits rows read from the cache
   * @param misses rows computed with the reference model (and stored)
   * @throws IllegalArgumentException if a count is negative
   */
  public ReferenceStats {
    if (hits < 0 || misses < 0) {
      throw new IllegalArgumentException(
          "counts must be >= 0, but are: hits=" + hits + ", misses=" + misses);
    }
  }

  /**
   * Returns the counts since {@code earlier}.
   *
   * @param earlier an earlier snapshot of the same counter
   * @return the difference
   */
  public ReferenceStats since(ReferenceStats earlier) {
    return new ReferenceStats(hits - earlier.hits, misses - earlier.misses);
  }
}
