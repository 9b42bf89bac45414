package dev.mia.formats.augment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mia.core.data.MultiImageFormat;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AugmentSummaryTest {
  @Test
  void table_aligns_counts_after_the_longest_label() {
    AugmentSummary summary =
        new AugmentSummary(
            12,
            11,
            new TreeMap<>(
                Map.of(
                    new FormatCount(MultiImageFormat.GRID, 2), 4L,
                    new FormatCount(MultiImageFormat.SEQUENCE, 3), 6L)),
            1,
            new TreeMap<>(Map.of(SkipReason.TOO_FEW_COMPANIONS, 1L)));

    // "skipped too_few_companions" is 26 characters: every label is padded to 26, then a space and
    // the count in 8 characters.
    assertThat(summary.table())
        .isEqualTo(
            "inputs                           12\n"
                + "sequence, 3 images                6\n"
                + "grid, 2 images                    4\n"
                + "sequence refusals                 1\n"
                + "built                            11\n"
                + "skipped too_few_companions        1\n");
  }

  @Test
  void table_pads_short_labels_to_22_characters() {
    AugmentSummary summary = new AugmentSummary(0, 0, new TreeMap<>(), 0, new TreeMap<>());

    assertThat(summary.table())
        .isEqualTo("inputs                        0\n" + "built                         0\n");
  }
}
