package dev.mia.loss.cache;

/**
 * Counts of a {@link ReferenceLogProbCache}'s lookups and writes since it was opened: an immutable
 * snapshot.
 *
 * <p>Every lookup is either a hit or a miss; {@code corrupt} counts the misses that found a damaged
 * entry (truncated, bit-flipped, written for another key, or of an unknown format version), so
 * {@code corrupt <= misses}. Under concurrent use each count is exact, but the four may be read at
 * slightly different moments.
 *
 * @param hits lookups that returned a verified entry, {@code >= 0}
 * @param misses lookups that found no usable entry (absent or damaged), {@code >= 0}
 * @param corrupt misses caused by a damaged entry, {@code >= 0}
 * @param writes entries written, {@code >= 0}
 */
public record CacheStats(long hits, long misses, long corrupt, long writes) {
  /**
   * Validates the counts.
   *
   * @param hits lookups that returned a verified entry, {@code >= 0}
   * @param misses lookups that found no usable entry (absent or damaged), {@code >= 0}
   * @param corrupt misses caused by a damaged entry, {@code >= 0}
   * @param writes entries written, {@code >= 0}
   * @throws IllegalArgumentException if a count is negative
   */
  public CacheStats {
    requireNonNegative(hits, "hits");
    requireNonNegative(misses, "misses");
    requireNonNegative(corrupt, "corrupt");
    requireNonNegative(writes, "writes");
  }

  private static void requireNonNegative(long count, String name) {
    if (count < 0) {
      throw new IllegalArgumentException(name + " must be >= 0, but is: " + count);
    }
  }

  /**
   * Returns the number of lookups.
   *
   * @return {@code hits + misses}
   */
  public long lookups() {
    return hits + misses;
  }
}
