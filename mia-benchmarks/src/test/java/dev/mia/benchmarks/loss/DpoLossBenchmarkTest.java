package dev.mia.benchmarks.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

@ResourceLock("djl-gradient-collector")
class DpoLossBenchmarkTest {
  @Test
  void mia_and_the_inline_formula_give_the_same_loss_forward_and_backward() {
    DpoLossBenchmark benchmark = new DpoLossBenchmark();
    benchmark.batch = 8;
    benchmark.setUp();
    try {
      float forward = benchmark.mia_sigmoidForward();

      assertThat(forward).isCloseTo(benchmark.baseline_sigmoidForward(), within(1e-5f));
      assertThat(benchmark.mia_sigmoidForwardBackward()).isCloseTo(forward, within(1e-5f));
      assertThat(benchmark.baseline_sigmoidForwardBackward()).isCloseTo(forward, within(1e-5f));
      // softplus is positive: a DPO loss never is below 0.
      assertThat(forward).isPositive();
    } finally {
      benchmark.tearDown();
    }
  }
}
