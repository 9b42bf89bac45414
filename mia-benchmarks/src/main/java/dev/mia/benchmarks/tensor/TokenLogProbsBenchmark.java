package dev.mia.benchmarks.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.mia.core.tensor.PerTokenLogProbs;
import dev.mia.core.tensor.TokenLogProbs;
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
 * Per-token log-probabilities of the labels from float32 logits {@code [B, T, V]} with a mask, no
 * gradient recorded, on the PyTorch engine: {@link TokenLogProbs#DEFAULT} (the scored positions of
 * each row in chunks of about 24 MiB, each log-softmax freed before the next; unscored positions
 * are not computed) against DJL's own {@code logits.logSoftmax(-1).gather(labels.expandDims(-1),
 * -1).squeeze(-1)} times the mask, which materialises the whole {@code [B, T, V]} log-softmax. Both
 * sides free every array they create within the invocation; the inputs are created once per trial.
 * The mask leaves out a prompt of {@link #promptShare} of every row (0.25) or nothing (0), where
 * mia's kernel has to compute every position as the baseline does.
 *
 * <p>Peak native memory is not visible to JMH; {@link TokenLogProbsMemory} measures it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TokenLogProbsBenchmark {
  /** The batch size B. */
  @Param({"4"})
  public int batch;

  /** The sequence length T. */
  @Param({"512"})
  public int tokens;

  /** The vocabulary size V; 32000 is LLaMA's and LLaVA-1.5's. */
  @Param({"32000"})
  public int vocabulary;

  /** The share of every row's first positions that the mask leaves out (a prompt). */
  @Param({"0.25", "0"})
  public double promptShare;

  private @Nullable NDManager manager;
  private @Nullable LogitsInput input;

  /** Creates the benchmark; JMH calls it. */
  public TokenLogProbsBenchmark() {}

  /** Creates the inputs once per trial. */
  @Setup(Level.Trial)
  public void setUp() {
    manager = NDManager.newBaseManager();
    input = LogitsInput.create(manager, batch, tokens, vocabulary, promptShare);
  }

  /** Frees the inputs. */
  @TearDown(Level.Trial)
  public void tearDown() {
    if (manager != null) {
      manager.close();
    }
  }

  private LogitsInput input() {
    if (input == null) {
      throw new IllegalStateException("setUp has not run");
    }
    return input;
  }

  /**
   * mia: the chunked kernel.
   *
   * @return the shape's size of the result, so that nothing is dead code
   */
  @Benchmark
  public long mia_tokenLogProbs() {
    LogitsInput in = input();
    PerTokenLogProbs lp = TokenLogProbs.DEFAULT.compute(in.logits(), in.labels(), in.mask());
    try {
      return lp.values().size();
    } finally {
      lp.values().close();
      lp.mask().close();
    }
  }

  /**
   * Baseline: DJL's log-softmax over the whole tensor, then a gather of the labels.
   *
   * @return the shape's size of the result, so that nothing is dead code
   */
  @Benchmark
  public long baseline_tokenLogProbs() {
    LogitsInput in = input();
    try (NDArray logSoftmax = in.logits().logSoftmax(-1);
        NDArray index = in.labels().expandDims(-1);
        NDArray gathered = logSoftmax.gather(index, -1);
        NDArray squeezed = gathered.squeeze(-1);
        NDArray masked = squeezed.mul(in.mask())) {
      return masked.size();
    }
  }
}
