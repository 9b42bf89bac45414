package dev.mia.benchmarks.loss;

import ai.djl.ndarray.NDManager;
import dev.mia.loss.fused.FusedPreferenceKernel;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Forward and backward of a sigmoid DPO loss from final hidden states and the LM-head weight, B
 * pairs of T tokens, width H, vocabulary V, float32, PyTorch engine: mia's {@link
 * FusedPreferenceKernel#DEFAULT} (chunked, never {@code [2B, T, V]}) against the naive DJL path
 * ({@code h W^T}, {@code logSoftmax}, {@code gather}, loss, backward), which records the whole
 * {@code [2B, T, V]} logits and log-softmax for backward. Every position is scored. See {@link
 * ProjectionInput} for the inputs; peak memory, which JMH cannot see, is measured by {@link
 * FusedPreferenceMemory}.
 *
 * <p>One invocation takes seconds on a small CPU, so run it with few iterations, e.g. {@code -f 1
 * -wi 1 -i 3}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class FusedPreferenceBenchmark {
  /** The number of pairs B. */
  @Param({"4"})
  public int pairs;

  /** The sequence length T. */
  @Param({"512"})
  public int tokens;

  /** The hidden width H. */
  @Param({"512"})
  public int width;

  /** The vocabulary V: 32000 (LLaMA, LLaVA-1.5) and 128000 (LLaMA 3 has 128256). */
  @Param({"32000", "128000"})
  public int vocabulary;

  private @Nullable NDManager manager;
  private @Nullable ProjectionInput input;

  /** Creates the benchmark; JMH calls it. */
  public FusedPreferenceBenchmark() {}

  /** Creates the inputs once per trial. */
  @Setup(Level.Trial)
  public void setUp() {
    manager = NDManager.newBaseManager();
    input = ProjectionInput.create(manager, pairs, tokens, width, vocabulary);
  }

  /** Frees the inputs and their gradients. */
  @TearDown(Level.Trial)
  public void tearDown() {
    if (manager != null) {
      manager.close();
    }
  }

  private ProjectionInput input() {
    if (input == null) {
      throw new IllegalStateException("setUp has not run");
    }
    return input;
  }

  /**
   * Copies the weight's accumulated gradient to the host (for tests).
   *
   * @return the gradient, row-major
   */
  public float[] weightGradient() {
    return input().weight().getGradient().toFloatArray();
  }

  /**
   * mia: the fused kernel, forward and backward.
   *
   * @return the loss
   */
  @Benchmark
  public float mia_projectionForwardBackward() {
    return input().fused(FusedPreferenceKernel.DEFAULT);
  }

  /**
   * Baseline: the naive path, forward and backward.
   *
   * @return the loss
   */
  @Benchmark
  public float baseline_projectionForwardBackward() {
    return input().naive();
  }
}
