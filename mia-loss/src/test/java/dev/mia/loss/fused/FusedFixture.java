package dev.mia.loss.fused;

import static dev.mia.core.testing.NDAssertions.assertAllClose;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.mia.loss.DpoLoss;
import dev.mia.loss.LossType;
import dev.mia.loss.TokenReduction;
import java.util.Arrays;
import java.util.Random;

/** Shared inputs and runners of the fused kernel's tests. */
final class FusedFixture {
  // B = 2 pairs (4 rows), T = 7, H = 5, V = 11: 28 positions, 19 of them scored.
  static final int PAIRS = 2;
  static final int ROWS = 2 * PAIRS;
  static final int STEPS = 7;
  static final int WIDTH = 5;
  static final int VOCABULARY = 11;
  // Row-major [4, 7]: prompt zeros at the start, padding at the end, one hole mid-answer.
  static final float[] MASK = {
    0, 0, 1, 1, 1, 1, 0, //
    0, 1, 1, 0, 1, 1, 1, //
    0, 0, 0, 1, 1, 1, 1, //
    1, 1, 1, 1, 1, 0, 0
  };

  private final NDManager manager;

  FusedFixture(NDManager manager) {
    this.manager = manager;
  }

  NDArray random(Random rng, DataType type, double scale, long... shape) {
    int n = (int) new Shape(shape).size();
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = scale * rng.nextGaussian();
    }
    return manager.create(v, new Shape(shape)).toType(type, false);
  }

  /** Random inputs; unscored labels are -100 (never read), token weights in [0.5, 2.5). */
  FusedPreferenceInputs inputs(DataType type, TokenReduction reduction, long seed) {
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

  static DpoLoss lossFor(LossType type) {
    DpoLoss.Builder b = DpoLoss.builder(type).beta(0.7);
    if (type == LossType.EXO_PAIR || type == LossType.ROBUST || type == LossType.SIGMOID) {
      b.labelSmoothing(0.1);
    }
    return b.build();
  }

  /** The same inputs with other hidden states, weight and bias. */
  static FusedPreferenceInputs withProjection(
      FusedPreferenceInputs in, NDArray hidden, NDArray weight, NDArray bias) {
    return new FusedPreferenceInputs(
        hidden,
        weight,
        bias,
        in.labels(),
        in.mask(),
        in.tokenWeights(),
        in.referenceChosen(),
        in.referenceRejected(),
        in.reduction());
  }

  /** The fused kernel's results, on fresh leaf copies of h, W and b, in the naive results' form. */
  static NaiveProjection.Result fused(
      FusedPreferenceKernel kernel, FusedPreferenceInputs in, PreferenceObjective loss) {
    NDArray h = in.hidden().duplicate();
    NDArray w = in.weight().duplicate();
    NDArray b = in.bias().duplicate();
    h.setRequiresGradient(true);
    w.setRequiresGradient(true);
    b.setRequiresGradient(true);
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      FusedPreferenceOutput out = kernel.compute(withProjection(in, h, w, b), loss, gc);
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

  static NaiveProjection.Result fused(
      FusedPreferenceKernel kernel, FusedPreferenceInputs in, DpoLoss loss) {
    return fused(kernel, in, (PreferenceObjective) loss::compute);
  }

  /**
   * Asserts the loss, the sequence log-probs and every gradient are close, relative to the largest
   * component of each (so that components near 0 are judged on the scale of the gradient, where
   * float32 rounding is absolute).
   */
  static void assertMatches(
      NaiveProjection.Result actual, NaiveProjection.Result expected, double rtol) {
    assertClose(new double[] {actual.loss()}, new double[] {expected.loss()}, rtol);
    assertClose(actual.chosen(), expected.chosen(), rtol);
    assertClose(actual.rejected(), expected.rejected(), rtol);
    assertClose(actual.gradHidden(), expected.gradHidden(), rtol);
    assertClose(actual.gradWeight(), expected.gradWeight(), rtol);
    assertClose(actual.gradBias(), expected.gradBias(), rtol);
  }

  static void assertClose(double[] actual, double[] expected, double rtol) {
    double scale = maxAbs(expected);
    assertAllClose(actual, expected, rtol, rtol * scale);
  }

  static double maxAbs(double[] values) {
    return Arrays.stream(values).map(Math::abs).max().orElse(0);
  }

  static double maxDiff(double[] a, double[] b) {
    double d = 0;
    for (int i = 0; i < a.length; i++) {
      d = Math.max(d, Math.abs(a[i] - b[i]));
    }
    return d;
  }
}
