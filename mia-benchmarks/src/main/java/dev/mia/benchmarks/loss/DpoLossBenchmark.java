package dev.mia.benchmarks.loss;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import dev.mia.loss.DpoLoss;
import dev.mia.loss.DpoOutput;
import dev.mia.loss.LossType;
import dev.mia.loss.PreferenceLogProbs;
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
 * The sigmoid DPO loss (Rafailov et al., arXiv 2305.18290) on sequence log-probabilities {@code
 * [B]}, float32, PyTorch engine: {@code DpoLoss.builder(LossType.SIGMOID).beta(0.1).build()}
 * against the formula written inline, {@code mean(softplus(-beta ((pc - rc) - (pr - rr))))}, i.e.
 * {@code -mean(log sigmoid(...))}.
 *
 * <p>mia does more per call than the baseline: it also returns TRL's metrics (chosen and rejected
 * rewards, margins, accuracy), checks shapes and converts types; the ratio says what that costs.
 * Forward-only runs with no gradient recorded; forward plus backward opens a {@link
 * GradientCollector} (one per JVM, which holds because JMH runs the methods of a fork one after
 * another) and back-propagates into the policy's log-probabilities. Both sides read the loss to the
 * host once and free every array they create.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DpoLossBenchmark {
  private static final float BETA = 0.1f;
  private static final DpoLoss DPO = DpoLoss.builder(LossType.SIGMOID).beta(BETA).build();

  /** The number of pairs B. */
  @Param({"8", "64"})
  public int batch;

  private @Nullable NDManager manager;
  private @Nullable PreferenceLogProbs inputs;

  /** Creates the benchmark; JMH calls it. */
  public DpoLossBenchmark() {}

  /**
   * Draws the log-probabilities once per trial (normal around -60 with deviation 15, a fixed seed);
   * the policy's require a gradient.
   */
  @Setup(Level.Trial)
  public void setUp() {
    manager = NDManager.newBaseManager();
    Engine.getInstance().setRandomSeed(7);
    Shape shape = new Shape(batch);
    NDArray policyChosen = manager.randomNormal(-60, 15, shape, DataType.FLOAT32);
    NDArray policyRejected = manager.randomNormal(-60, 15, shape, DataType.FLOAT32);
    NDArray referenceChosen = manager.randomNormal(-60, 15, shape, DataType.FLOAT32);
    NDArray referenceRejected = manager.randomNormal(-60, 15, shape, DataType.FLOAT32);
    policyChosen.setRequiresGradient(true);
    policyRejected.setRequiresGradient(true);
    inputs =
        PreferenceLogProbs.builder(policyChosen, policyRejected)
            .reference(referenceChosen, referenceRejected)
            .build();
  }

  /** Frees the inputs and their gradients. */
  @TearDown(Level.Trial)
  public void tearDown() {
    if (manager != null) {
      manager.close();
    }
  }

  private PreferenceLogProbs inputs() {
    if (inputs == null) {
      throw new IllegalStateException("setUp has not run");
    }
    return inputs;
  }

  /**
   * mia: forward only.
   *
   * @return the loss
   */
  @Benchmark
  public float mia_sigmoidForward() {
    try (DpoOutput out = DPO.compute(inputs())) {
      return out.loss().getFloat();
    }
  }

  /**
   * Baseline: forward only.
   *
   * @return the loss
   */
  @Benchmark
  public float baseline_sigmoidForward() {
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      return inline(inputs()).getFloat();
    }
  }

  /**
   * mia: forward and backward.
   *
   * @return the loss
   */
  @Benchmark
  public float mia_sigmoidForwardBackward() {
    try (GradientCollector collector = Engine.getInstance().newGradientCollector();
        DpoOutput out = DPO.compute(inputs())) {
      collector.backward(out.loss());
      return out.loss().getFloat();
    }
  }

  /**
   * Baseline: forward and backward.
   *
   * @return the loss
   */
  @Benchmark
  public float baseline_sigmoidForwardBackward() {
    try (GradientCollector collector = Engine.getInstance().newGradientCollector();
        NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDArray loss = inline(inputs());
      collector.backward(loss);
      return loss.getFloat();
    }
  }

  /** {@code mean(softplus(-beta ((pc - rc) - (pr - rr))))}, in raw DJL ops. */
  private static NDArray inline(PreferenceLogProbs in) {
    NDArray chosen = in.policyChosen().sub(requireReference(in.referenceChosen()));
    NDArray rejected = in.policyRejected().sub(requireReference(in.referenceRejected()));
    NDArray logits = chosen.sub(rejected).mul(BETA);
    return Activation.softPlus(logits.neg()).mean();
  }

  private static NDArray requireReference(@Nullable NDArray reference) {
    if (reference == null) {
      throw new IllegalStateException("the benchmark's inputs have reference log-probabilities");
    }
    return reference;
  }
}
