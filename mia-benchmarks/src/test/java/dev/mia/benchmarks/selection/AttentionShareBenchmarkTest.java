package dev.mia.benchmarks.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AttentionShareBenchmarkTest {
  @Test
  void on_device_reduction_and_host_loops_give_the_same_share() {
    AttentionShareBenchmark benchmark = new AttentionShareBenchmark();
    benchmark.keys = 3000;
    benchmark.setUp();
    try {
      double share = benchmark.mia_attentionShare();

      assertThat(share).isCloseTo(benchmark.baseline_attentionShare(), within(1e-5));
      // Softmax of normal draws spreads attention almost evenly over four equal images.
      assertThat(share).isCloseTo(0.25, within(0.01));
    } finally {
      benchmark.tearDown();
    }
  }
}
