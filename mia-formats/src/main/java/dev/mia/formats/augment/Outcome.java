package dev.mia.formats.augment;

import dev.mia.core.data.MultiImageSample;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What one input sample gave: built samples (the regular one first), or the reason it gave none.
 */
record Outcome(List<MultiImageSample> samples, @Nullable SkippedSample skipped) {
  Outcome {
    samples = List.copyOf(samples);
  }

  static Outcome built(List<MultiImageSample> samples) {
    return new Outcome(samples, null);
  }

  static Outcome skipped(SkippedSample skipped) {
    return new Outcome(List.of(), skipped);
  }
}
