package dev.mia.loss.fused;

import static dev.mia.core.testing.NDAssertions.assertAllClose;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.mia.loss.DpoLoss;
import dev.mia.loss.LossType;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

@ResourceLock("djl-gradient-collector")
class FusedPreferenceKernelTest {
  // B = 2 pairs (4 rows), T = 7, H = 5, V = 11: 28 positions, 19 of them scored.
  private static final int PAIRS = 2;
  private static final int ROWS = 2 * PAIRS;
  private static final int STEPS = 7;
  private static final int WIDTH = 5;
  private static final int VOCABULARY = 11;
  // Row-major [4, 7]: prompt zeros at the start, padding at the end, one hole mid-answer.
  private static final float[] MASK = {
    0, 0, 1, 1, 1, 1, 0, //
    0, 1, 1, 0, 1, 1, 1, //
    0, 0, 0, 1, 1, 1, 1, //
    1, 1, 1, 1, 1, 0, 0
  };

  private NDManager manager;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  private NDArray random(Random rng, DataType type, double scale, long... shape) {
    int n = (int) new Shape(shape).size();
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = scale * rng.nextGaussian();
    }
    return manager.create(v, new Shape(shape)).toType(type, false);
  }

  /** Random inputs; unscored labels are -100 (never read), token weights in [0.5, 2.5). */
  private FusedPreferenceInputs inputs(DataType type, SequenceReduction reduction, long seed) {
    Random rng = new Random(seed);
    long[] labels = new long[ROWS * STEPS];
    float[] weights = new float[ROWS * STEPS];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = MASK[i] != 0 ? rng.nextInt(VOCABULARY) : -100;
      weights[i] = 0.5f + 2 * rng.nextFloat();
    }
    return FusedPreferenceInputs.builder(
            random(rng, type, 1.0, ROWS, STEPS, WIDTH),
            random(rng, type, 0.7, VOCABULARY, WIDTH),
            manager.create(labels, new Shape(ROWS, STEPS)),
            manager.create(MASK, new Shape(ROWS, STEPS)))
        .bias(random(rng, type, 0.3, VOCABULARY))
        .tokenWeights(manager.create(weights, new Shape(ROWS, STEPS)))
        .reference(random(rng, type, 1.0, PAIRS).sub(9), random(rng, type, 1.0, PAIRS).sub(9))
        .reduction(reduction)
        .build();
  }

  private static DpoLoss lossFor(LossType type) {
    DpoLoss.Builder b = DpoLoss.builder(type).beta(0.7);
    if (type == LossType.EXO_PAIR || type == LossType.ROBUST || type == LossType.SIGMOID) {
      b.labelSmoothing(0.1);
    }
    return b.build();
  }

  /** The fused kernel's results, in the same form as the naive ones. */
  private NaiveProjection.Result fused(
      FusedPreferenceKernel kernel, FusedPreferenceInputs in, DpoLoss loss) {
    NDArray h = in.hidden().duplicate();
    NDArray w = in.weight().duplicate();
    NDArray b = in.bias().duplicate();
    h.setRequiresGradient(true);
    w.setRequiresGradient(true);
    b.setRequiresGradient(true);
    FusedPreferenceInputs copy =
        new FusedPreferenceInputs(
            h,
            w,
            b,
            in.labels(),
            in.mask(),
            in.tokenWeights(),
            in.referenceChosen(),
            in.referenceRejected(),
            in.reduction());
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      FusedPreferenceOutput out = kernel.compute(copy, loss, gc);
      gc.backward(out.loss());
      return new NaiveProjection.Result(
          out.loss().toType(DataType.FLOAT64, false).getDouble(),
          NaiveProjection.doubles(out.dpo().chosenLogProbs()),
          NaiveProjection.doubles(out.dpo().rejectedLogProbs()),
          NaiveProjection.doubles(h.getGradient()),
          NaiveProjection.doubles(w.getGradient()),
          NaiveProjection.doubles(b.getGradient()));
    }
  }

  private static void assertMatches(
      NaiveProjection.Result actual, NaiveProjection.Result expected, double rtol) {
    // Relative to the largest gradient component, so that components near 0 are judged on the
    // scale of the gradient (float32 rounding is absolute at that scale).
    assertClose(new double[] {actual.loss()}, new double[] {expected.loss()}, rtol);
    assertClose(actual.chosen(), expected.chosen(), rtol);
    assertClose(actual.rejected(), expected.rejected(), rtol);
    assertClose(actual.gradHidden(), expected.gradHidden(), rtol);
    assertClose(actual.gradWeight(), expected.gradWeight(), rtol);
    assertClose(actual.gradBias(), expected.gradBias(), rtol);
  }

  private static void assertClose(double[] actual, double[] expected, double rtol) {
    double scale = Arrays.stream(expected).map(Math::abs).max().orElse(0);
    assertAllClose(actual, expected, rtol, rtol * scale);
  }

  private static double maxAbs(double[] values) {
    return Arrays.stream(values).map(Math::abs).max().orElse(0);
  }

  @ParameterizedTest
  @EnumSource(LossType.class)
  void float64_gradients_equal_the_naive_path_for_every_loss_type(LossType type) {
    FusedPreferenceInputs in = inputs(DataType.FLOAT64, SequenceReduction.SUM, 1);
    DpoLoss loss = lossFor(type);
    NaiveProjection.Result expected = NaiveProjection.run(in, loss, true, true);
    // Chunks of 3 rows: 19 scored rows give 6 full chunks and one of 1.
    NaiveProjection.Result actual =
        fused(FusedPreferenceKernel.builder().chunkSize(3).build(), in, loss);

    assertThat(maxAbs(expected.gradHidden()))
        .as("the test needs a non-zero gradient")
        .isGreaterThan(1e-4);
    assertMatches(actual, expected, 1e-10);
  }

  @ParameterizedTest
  @EnumSource(LossType.class)
  void float32_gradients_equal_the_naive_path_for_every_loss_type(LossType type) {
    FusedPreferenceInputs in = inputs(DataType.FLOAT32, SequenceReduction.SUM, 2);
    DpoLoss loss = lossFor(type);
    NaiveProjection.Result expected = NaiveProjection.run(in, loss, true, true);
    NaiveProjection.Result actual =
        fused(FusedPreferenceKernel.builder().chunkSize(4).build(), in, loss);

    assertMatches(actual, expected, 1e-5);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 5, 18, 19, 64})
  void every_chunk_size_gives_the_naive_gradients(int chunkSize) {
    // 19 scored rows: chunk sizes that divide nothing (2, 5, 18), the exact count, one chunk.
    FusedPreferenceInputs in = inputs(DataType.FLOAT64, SequenceReduction.NORMALISED_SUM, 3);
    DpoLoss loss = lossFor(LossType.SIGMOID);
    NaiveProjection.Result expected = NaiveProjection.run(in, loss, true, true);
    NaiveProjection.Result actual =
        fused(FusedPreferenceKernel.builder().chunkSize(chunkSize).build(), in, loss);

    assertMatches(actual, expected, 1e-10);
  }

  @Test
  void the_inputs_are_sensitive_to_the_mask_the_weights_and_every_chunk() {
    // If the kernel ignored the mask or dropped the weights it would compute these instead, which
    // differ from the correct gradient by far more than the tolerance of the tests above.
    FusedPreferenceInputs in = inputs(DataType.FLOAT64, SequenceReduction.SUM, 1);
    DpoLoss loss = lossFor(LossType.SIGMOID);
    NaiveProjection.Result right = NaiveProjection.run(in, loss, true, true);
    NaiveProjection.Result noMask = NaiveProjection.run(in, loss, false, true);
    NaiveProjection.Result noWeights = NaiveProjection.run(in, loss, true, false);

    assertThat(maxDiff(noMask.gradWeight(), right.gradWeight())).isGreaterThan(1e-3);
    assertThat(maxDiff(noWeights.gradHidden(), right.gradHidden())).isGreaterThan(1e-3);
    // Every scored row has a non-zero hidden-state gradient, so a skipped chunk (of any size)
    // leaves
    // zeros where the naive path has none; every unscored row has exactly zero.
    double[] gh = right.gradHidden();
    for (int row = 0; row < ROWS * STEPS; row++) {
      double norm = 0;
      for (int k = 0; k < WIDTH; k++) {
        norm += Math.abs(gh[row * WIDTH + k]);
      }
      if (MASK[row] != 0) {
        assertThat(norm).as("row %d", row).isGreaterThan(1e-6);
      } else {
        assertThat(norm).as("row %d", row).isZero();
      }
    }
  }

  private static double maxDiff(double[] a, double[] b) {
    double d = 0;
    for (int i = 0; i < a.length; i++) {
      d = Math.max(d, Math.abs(a[i] - b[i]));
    }
    return d;
  }
}
