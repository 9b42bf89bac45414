package dev.mia.benchmarks.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mia.selection.vig.VigScore;
import java.util.List;
import org.junit.jupiter.api.Test;

class VigBenchmarkTest {
  @Test
  void scorer_and_plain_loop_give_the_same_gains() {
    VigBenchmark benchmark = new VigBenchmark();
    benchmark.batch = 8;
    benchmark.tokens = 32;
    benchmark.setUp();
    try {
      List<VigScore> mia = benchmark.mia_vig();
      VigBenchmark.HostVig baseline = benchmark.baseline_vig();

      assertThat(mia).hasSize(8);
      for (int b = 0; b < 8; b++) {
        assertThat(mia.get(b).tokenVig()).containsExactly(baseline.tokenVig()[b]);
        assertThat(mia.get(b).sampleVig()).isCloseTo(baseline.sampleVig()[b], within(1e-6));
        // Answer lengths are drawn from [T/4, T].
        assertThat(mia.get(b).tokenVig().length).isBetween(8, 32);
      }
    } finally {
      benchmark.tearDown();
    }
  }
}
