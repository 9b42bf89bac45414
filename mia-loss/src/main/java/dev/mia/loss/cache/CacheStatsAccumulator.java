package dev.mia.loss.cache;

import java.util.concurrent.atomic.LongAdder;

/** The running counts behind {@link CacheStats}; thread-safe. */
final class CacheStatsAccumulator {
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder corrupt = new LongAdder();
  private final LongAdder writes = new LongAdder();

  void hit() {
    hits.increment();
  }

  void miss() {
    misses.increment();
  }

  void corruptMiss() {
    corrupt.increment();
    misses.increment();
  }

  void write() {
    writes.increment();
  }

  CacheStats snapshot() {
    // Read corrupt before misses so that the snapshot never shows corrupt > misses.
    long c = corrupt.sum();
    return new CacheStats(hits.sum(), misses.sum(), c, writes.sum());
  }
}
