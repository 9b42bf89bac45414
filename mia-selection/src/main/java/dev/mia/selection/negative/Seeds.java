package dev.mia.selection.negative;

import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;

/** Per-sample seeds, so that results do not depend on batching. */
final class Seeds {
  private Seeds() {}

  /** Returns murmur3-128 of the seed and the sample id, as a long. */
  static long forSample(long seed, String sampleId) {
    return Hashing.murmur3_128()
        .newHasher()
        .putLong(seed)
        .putString(sampleId, StandardCharsets.UTF_8)
        .hash()
        .asLong();
  }
}
