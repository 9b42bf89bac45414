package dev.mia.formats.augment;

import dev.mia.core.data.MultiImageSample;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/** Running counts of a run; used by the calling thread only. */
final class Tally {
  private final Map<FormatCount, Long> byFormat = new TreeMap<>();
  private final Map<SkipReason, Long> skipped = new EnumMap<>(SkipReason.class);
  private long inputs;
  private long built;
  private long refusals;

  void skipped(SkipReason reason) {
    skipped.merge(reason, 1L, Long::sum);
  }

  void built(MultiImageSample sample) {
    built++;
    boolean refusal =
        sample.provenance().stages().stream()
            .anyMatch(stage -> stage.name().equals("mia-formats/sequence-refusal"));
    if (refusal) {
      refusals++;
    } else {
      byFormat.merge(
          new FormatCount(sample.format(), sample.layout().sourceImageCount()), 1L, Long::sum);
    }
  }

  long inputDone() {
    return ++inputs;
  }

  AugmentSummary snapshot() {
    return new AugmentSummary(
        inputs, built, new TreeMap<>(byFormat), refusals, new TreeMap<>(skipped));
  }
}
