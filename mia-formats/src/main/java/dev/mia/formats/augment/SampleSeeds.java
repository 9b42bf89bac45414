package dev.mia.formats.augment;

import java.util.SplittableRandom;

/**
 * Per-sample random sources derived from the run's seed and the sample's input position, so that a
 * sample's draws do not depend on which thread builds it or when.
 */
final class SampleSeeds {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private SampleSeeds() {}

  /**
   * Returns the random source of sample {@code index}: a {@link SplittableRandom} seeded with
   * MurmurHash3's 64-bit finaliser of {@code seed + (index + 1) * 0x9E3779B97F4A7C15}.
   */
  static SplittableRandom forSample(long seed, long index) {
    long z = seed + (index + 1) * GOLDEN_GAMMA;
    z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
    z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
    return new SplittableRandom(z ^ (z >>> 33));
  }
}
