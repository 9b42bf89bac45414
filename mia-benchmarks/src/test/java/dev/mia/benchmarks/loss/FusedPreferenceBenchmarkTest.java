package dev.mia.benchmarks.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

@ResourceLock("djl-gradient-collector")
class FusedPreferenceBenchmarkTest {
  @Test
  void the_fused_kernel_and_the_naive_path_give_the_same_loss_and_gradients() {
    FusedPreferenceBenchmark benchmark = new FusedPreferenceBenchmark();
    benchmark.pairs = 2;
    benchmark.tokens = 16;
    benchmark.width = 8;
    benchmark.vocabulary = 50;
    benchmark.setUp();
    try {
      float fused = benchmark.mia_projectionForwardBackward();
      float[] fusedGradient = benchmark.weightGradient();
      float naive = benchmark.baseline_projectionForwardBackward();
      float[] bothGradients = benchmark.weightGradient();

      assertThat(fused).isCloseTo(naive, within(1e-4f));
      // Gradients accumulate: after both calls the weight's gradient is twice the fused one.
      for (int i = 0; i < fusedGradient.length; i++) {
        assertThat(bothGradients[i]).isCloseTo(2 * fusedGradient[i], within(1e-5f));
      }
      assertThat(fused).isPositive();
    } finally {
      benchmark.tearDown();
    }
  }
}
