package dev.mia.loss.fused;

import static dev.mia.loss.fused.FusedFixture.MASK;
import static dev.mia.loss.fused.FusedFixture.PAIRS;
import static dev.mia.loss.fused.FusedFixture.ROWS;
import static dev.mia.loss.fused.FusedFixture.STEPS;
import static dev.mia.loss.fused.FusedFixture.VOCABULARY;
import static dev.mia.loss.fused.FusedFixture.WIDTH;
import static dev.mia.loss.fused.FusedFixture.assertClose;
import static dev.mia.loss.fused.FusedFixture.assertMatches;
import static dev.mia.loss.fused.FusedFixture.fused;
import static dev.mia.loss.fused.FusedFixture.lossFor;
import static dev.mia.loss.fused.FusedFixture.maxAbs;
import static dev.mia.loss.fused.FusedFixture.withProjection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.mia.loss.DpoLoss;
import dev.mia.loss.LossTerm;
import dev.mia.loss.LossType;
import dev.mia.loss.ReferenceMode;
import dev.mia.loss.TokenReduction;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

@ResourceLock("djl-gradient-collector")
class FusedPreferenceKernelContractTest {
  private static final FusedPreferenceKernel KERNEL =
      FusedPreferenceKernel.builder().chunkSize(4).build();

  private NDManager manager;
  private FusedFixture fixture;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
    fixture = new FusedFixture(manager);
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  @Test
  void unscored_positions_with_nan_states_and_garbage_labels_get_exactly_zero_gradient() {
    FusedPreferenceInputs clean = fixture.inputs(DataType.FLOAT64, TokenReduction.SUM, 5);
    double[] h = clean.hidden().toDoubleArray();
    long[] labels = clean.labels().toLongArray();
    for (int row = 0; row < ROWS * STEPS; row++) {
      if (MASK[row] == 0) {
        labels[row] = row % 2 == 0 ? VOCABULARY + 7 : -100;
        for (int k = 0; k < WIDTH; k++) {
          h[row * WIDTH + k] = k % 2 == 0 ? Double.NaN : Double.POSITIVE_INFINITY;
        }
      }
    }
    FusedPreferenceInputs dirty =
        new FusedPreferenceInputs(
            manager.create(h, clean.hidden().getShape()),
            clean.weight(),
            clean.bias(),
            manager.create(labels, clean.labels().getShape()),
            clean.mask(),
            clean.tokenWeights(),
            clean.referenceChosen(),
            clean.referenceRejected(),
            clean.reduction());
    DpoLoss loss = lossFor(LossType.SIGMOID);

    NaiveProjection.Result expected = NaiveProjection.run(clean, loss, true, true);
    NaiveProjection.Result actual = fused(KERNEL, dirty, loss);

    assertMatches(actual, expected, 1e-10);
    double[] gh = actual.gradHidden();
    for (int row = 0; row < ROWS * STEPS; row++) {
      for (int k = 0; k < WIDTH; k++) {
        if (MASK[row] == 0) {
          assertThat(gh[row * WIDTH + k]).as("row %d", row).isEqualTo(0.0);
        }
      }
    }
  }

  @Test
  void gradients_flow_on_through_the_callers_graph() {
    // h = 2 x + 1 is recorded by the caller (a non-leaf, like a model's output); the caller adds
    // its own term 0.25 sum(x). Expected dL/dx = 2 G_h + 0.25, G_h from the naive path.
    FusedPreferenceInputs in = fixture.inputs(DataType.FLOAT64, TokenReduction.SUM, 6);
    DpoLoss loss = lossFor(LossType.IPO);
    NaiveProjection.Result naive = NaiveProjection.run(in, loss, true, true);
    NDArray x = in.hidden().sub(1).div(2);
    x.setRequiresGradient(true);
    NDArray w = in.weight().duplicate();
    w.setRequiresGradient(true);
    double value;
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray h = x.mul(2).add(1);
      FusedPreferenceOutput out = KERNEL.compute(withProjection(in, h, w, in.bias()), loss, gc);
      NDArray total = out.loss().add(x.sum().mul(0.25));
      value = out.loss().getDouble();
      gc.backward(total);
    }
    double[] expected = naive.gradHidden().clone();
    for (int i = 0; i < expected.length; i++) {
      expected[i] = 2 * expected[i] + 0.25;
    }

    assertThat(value).isCloseTo(naive.loss(), org.assertj.core.api.Assertions.within(1e-12));
    assertClose(x.getGradient().toDoubleArray(), expected, 1e-10);
    assertClose(w.getGradient().toDoubleArray(), naive.gradWeight(), 1e-10);
  }

  @Test
  void reference_free_sft_and_per_pair_weights_reach_the_objective() {
    // A lambda objective that adds per-pair weights, over a reference-free sigmoid + SFT loss.
    FusedPreferenceInputs withReference = fixture.inputs(DataType.FLOAT64, TokenReduction.MEAN, 7);
    FusedPreferenceInputs in =
        new FusedPreferenceInputs(
            withReference.hidden(),
            withReference.weight(),
            withReference.bias(),
            withReference.labels(),
            withReference.mask(),
            withReference.tokenWeights(),
            null,
            null,
            withReference.reduction());
    DpoLoss loss =
        DpoLoss.builder(List.of(LossTerm.of(LossType.SIGMOID, 1), LossTerm.of(LossType.SFT, 0.5)))
            .referenceMode(ReferenceMode.NONE)
            .build();
    NDArray pairWeights = manager.create(new double[] {0.3, 1.7});
    PreferenceObjective objective =
        p -> loss.compute(p.toBuilder().pairWeights(pairWeights).build());

    NaiveProjection.Result expected = NaiveProjection.run(in, objective, true, true);
    NaiveProjection.Result actual = fused(KERNEL, in, objective);

    assertMatches(actual, expected, 1e-10);
  }

  @Test
  void float16_hidden_states_keep_their_gradient() {
    // DJL's toType detaches; the kernel converts detached copies and casts G_h back, so a float16
    // leaf gets a real gradient, equal to the float32 one within float16 rounding.
    FusedPreferenceInputs in = fixture.inputs(DataType.FLOAT32, TokenReduction.SUM, 8);
    DpoLoss loss = lossFor(LossType.SIGMOID);
    NaiveProjection.Result reference = fused(KERNEL, in, loss);
    NDArray h16 = in.hidden().toType(DataType.FLOAT16, false);
    h16.setRequiresGradient(true);
    NDArray w = in.weight().duplicate();
    w.setRequiresGradient(true);
    double[] gradient;
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      FusedPreferenceOutput out = KERNEL.compute(withProjection(in, h16, w, in.bias()), loss, gc);
      assertThat(out.loss().getDataType()).isEqualTo(DataType.FLOAT32);
      gc.backward(out.loss());
      gradient = h16.getGradient().toType(DataType.FLOAT64, false).toDoubleArray();
    }

    assertThat(maxAbs(gradient)).isGreaterThan(1e-3);
    assertClose(gradient, reference.gradHidden(), 2e-2);
  }

  @Test
  void mixed_float64_states_and_float32_weight_both_get_their_gradient() {
    // Computed in float64; each leaf gets G in its own type, none is cut off by a toType.
    FusedPreferenceInputs in = fixture.inputs(DataType.FLOAT64, TokenReduction.SUM, 21);
    DpoLoss loss = lossFor(LossType.SIGMOID);
    NaiveProjection.Result reference = NaiveProjection.run(in, loss, true, true);
    NDArray h = in.hidden().duplicate();
    h.setRequiresGradient(true);
    NDArray w32 = in.weight().toType(DataType.FLOAT32, false);
    w32.setRequiresGradient(true);
    NDArray b = in.bias().duplicate();
    b.setRequiresGradient(true);
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      FusedPreferenceOutput out = KERNEL.compute(withProjection(in, h, w32, b), loss, gc);
      assertThat(out.loss().getDataType()).isEqualTo(DataType.FLOAT64);
      gc.backward(out.loss());
    }

    assertThat(w32.getGradient().getDataType()).isEqualTo(DataType.FLOAT32);
    double[] gw = w32.getGradient().toType(DataType.FLOAT64, false).toDoubleArray();
    assertThat(maxAbs(gw)).isGreaterThan(1e-3);
    assertClose(gw, reference.gradWeight(), 1e-5);
    assertClose(h.getGradient().toDoubleArray(), reference.gradHidden(), 1e-5);
  }

  @Test
  void mixed_float16_states_and_float32_weight_both_get_their_gradient() {
    FusedPreferenceInputs in = fixture.inputs(DataType.FLOAT32, TokenReduction.SUM, 22);
    DpoLoss loss = lossFor(LossType.IPO);
    NaiveProjection.Result reference = fused(KERNEL, in, loss);
    NDArray h16 = in.hidden().toType(DataType.FLOAT16, false);
    h16.setRequiresGradient(true);
    NDArray w = in.weight().duplicate();
    w.setRequiresGradient(true);
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      gc.backward(KERNEL.compute(withProjection(in, h16, w, in.bias()), loss, gc).loss());
    }

    double[] gh = h16.getGradient().toType(DataType.FLOAT64, false).toDoubleArray();
    double[] gw = w.getGradient().toType(DataType.FLOAT64, false).toDoubleArray();
    assertThat(maxAbs(gh)).isGreaterThan(1e-3);
    assertThat(maxAbs(gw)).isGreaterThan(1e-3);
    assertClose(gh, reference.gradHidden(), 2e-2);
    assertClose(gw, reference.gradWeight(), 2e-2);
  }

  @Test
  void nan_token_weights_at_unscored_positions_change_nothing() {
    FusedPreferenceInputs clean = fixture.inputs(DataType.FLOAT64, TokenReduction.MEAN, 23);
    float[] weights = clean.tokenWeights().toFloatArray();
    for (int i = 0; i < weights.length; i++) {
      if (MASK[i] == 0) {
        weights[i] = i % 2 == 0 ? Float.NaN : Float.POSITIVE_INFINITY;
      }
    }
    FusedPreferenceInputs dirty =
        new FusedPreferenceInputs(
            clean.hidden(),
            clean.weight(),
            clean.bias(),
            clean.labels(),
            clean.mask(),
            manager.create(weights, clean.tokenWeights().getShape()),
            clean.referenceChosen(),
            clean.referenceRejected(),
            clean.reduction());
    DpoLoss loss = lossFor(LossType.SIGMOID);

    assertMatches(fused(KERNEL, dirty, loss), fused(KERNEL, clean, loss), 1e-12);
  }

  @Test
  void evaluate_gives_the_same_values_without_a_collector() {
    FusedPreferenceInputs in = fixture.inputs(DataType.FLOAT64, TokenReduction.SUM, 9);
    DpoLoss loss = lossFor(LossType.HINGE);
    NaiveProjection.Result naive = NaiveProjection.run(in, loss, true, true);

    FusedPreferenceOutput out = KERNEL.evaluate(in, loss::compute);

    assertThat(out.loss().getDouble())
        .isCloseTo(naive.loss(), org.assertj.core.api.Assertions.within(1e-12));
    assertClose(out.dpo().chosenLogProbs().toDoubleArray(), naive.chosen(), 1e-12);
    assertThat(out.tokenLogProbs().getShape()).isEqualTo(new Shape(ROWS, STEPS));
    double[] tokens = out.tokenLogProbs().toDoubleArray();
    for (int i = 0; i < tokens.length; i++) {
      if (MASK[i] == 0) {
        assertThat(tokens[i]).isEqualTo(0.0);
      } else {
        assertThat(tokens[i]).isNegative();
      }
    }
  }

  @Test
  void a_batch_without_scored_positions_gives_zero_gradients() {
    FusedPreferenceInputs some = fixture.inputs(DataType.FLOAT64, TokenReduction.SUM, 10);
    FusedPreferenceInputs none =
        new FusedPreferenceInputs(
            some.hidden(),
            some.weight(),
            some.bias(),
            some.labels(),
            some.mask().zerosLike(),
            some.tokenWeights(),
            some.referenceChosen(),
            some.referenceRejected(),
            some.reduction());

    NaiveProjection.Result actual = fused(KERNEL, none, lossFor(LossType.SIGMOID));

    assertThat(Double.isFinite(actual.loss())).isTrue();
    assertThat(maxAbs(actual.gradHidden())).isZero();
    assertThat(maxAbs(actual.gradWeight())).isZero();
  }

  @Test
  void rejects_float_labels() {
    FusedPreferenceInputs in = fixture.inputs(DataType.FLOAT32, TokenReduction.SUM, 11);
    NDArray floatLabels = in.labels().toType(DataType.FLOAT32, false).add(0.7);

    assertThatThrownBy(
            () ->
                FusedPreferenceInputs.builder(in.hidden(), in.weight(), floatLabels, in.mask())
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("labels must be an integer type, but are: float32");
  }

  @Test
  void rejects_a_scored_label_outside_the_vocabulary() {
    FusedPreferenceInputs in = fixture.inputs(DataType.FLOAT64, TokenReduction.SUM, 12);
    long[] labels = in.labels().toLongArray();
    labels[STEPS + 1] = VOCABULARY; // row 1, position 1 is scored
    FusedPreferenceInputs bad =
        FusedPreferenceInputs.builder(
                in.hidden(), in.weight(), manager.create(labels, in.labels().getShape()), in.mask())
            .build();

    assertThatThrownBy(() -> KERNEL.evaluate(bad, lossFor(LossType.SIGMOID)::compute))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "labels must lie in [0, 11) where the mask is non-zero, but labels[1, 1] is: 11");
  }

  @Test
  void rejects_an_odd_row_count_and_mismatched_shapes() {
    NDArray h = manager.zeros(new Shape(3, STEPS, WIDTH));
    NDArray w = manager.zeros(new Shape(VOCABULARY, WIDTH));
    NDArray labels = manager.zeros(new Shape(3, STEPS), DataType.INT64);

    assertThatThrownBy(() -> FusedPreferenceInputs.builder(h, w, labels, labels).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "hidden must hold 2B rows (B chosen, then B rejected), but has an odd row count: (3, 7,"
                + " 5)");
    NDArray h2 = manager.zeros(new Shape(2 * PAIRS, STEPS, WIDTH));
    assertThatThrownBy(() -> FusedPreferenceInputs.builder(h2, w, labels, labels).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("labels shape (3, 7) does not match hidden shape (4, 7, 5)");
    NDArray wrongWidth = manager.zeros(new Shape(VOCABULARY, WIDTH + 1));
    assertThatThrownBy(() -> FusedPreferenceInputs.builder(h2, wrongWidth, labels, labels).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("weight must be [V, H] with H = 5 and V >= 1, but has shape: (11, 6)");
  }

  @Test
  void two_calls_in_one_collector_mix_like_avg_dpo() {
    // Avg-DPO style: L = 0.3 L1 + 0.7 L2 from two kernel calls that share the LM head W, each
    // running its own small backward inside the same collector before the caller's backward.
    FusedPreferenceInputs first = fixture.inputs(DataType.FLOAT64, TokenReduction.SUM, 13);
    FusedPreferenceInputs other = fixture.inputs(DataType.FLOAT64, TokenReduction.SUM, 14);
    FusedPreferenceInputs second =
        withProjection(other, other.hidden(), first.weight(), first.bias());
    DpoLoss loss = lossFor(LossType.SIGMOID);
    NaiveProjection.Result naive1 = NaiveProjection.run(first, loss, true, true);
    NaiveProjection.Result naive2 = NaiveProjection.run(second, loss, true, true);
    NDArray h1 = first.hidden().duplicate();
    NDArray h2 = second.hidden().duplicate();
    NDArray w = first.weight().duplicate();
    h1.setRequiresGradient(true);
    h2.setRequiresGradient(true);
    w.setRequiresGradient(true);
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray l1 = KERNEL.compute(withProjection(first, h1, w, first.bias()), loss, gc).loss();
      NDArray l2 = KERNEL.compute(withProjection(second, h2, w, first.bias()), loss, gc).loss();
      gc.backward(l1.mul(0.3).add(l2.mul(0.7)));
    }
    double[] expectedW = new double[naive1.gradWeight().length];
    for (int i = 0; i < expectedW.length; i++) {
      expectedW[i] = 0.3 * naive1.gradWeight()[i] + 0.7 * naive2.gradWeight()[i];
    }
    double[] expectedH1 = naive1.gradHidden().clone();
    for (int i = 0; i < expectedH1.length; i++) {
      expectedH1[i] *= 0.3;
    }

    assertClose(w.getGradient().toDoubleArray(), expectedW, 1e-10);
    assertClose(h1.getGradient().toDoubleArray(), expectedH1, 1e-10);
  }

  @Test
  void rejects_a_negative_chunk_size_and_prints_its_settings() {
    assertThatThrownBy(() -> FusedPreferenceKernel.builder().chunkSize(-1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("chunkSize must be >= 1 (or 0 for automatic), but is: -1");
    assertThat(FusedPreferenceKernel.DEFAULT).hasToString("FusedPreferenceKernel(chunkSize=auto)");
    assertThat(KERNEL).hasToString("FusedPreferenceKernel(chunkSize=4)");
    assertThat(FusedPreferenceKernel.DEFAULT.chunkRows(32000)).isEqualTo(1048);
    assertThat(KERNEL.chunkRows(32000)).isEqualTo(4);
  }
}
