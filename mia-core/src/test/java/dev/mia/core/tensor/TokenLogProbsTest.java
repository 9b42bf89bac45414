package dev.mia.core.tensor;

import static dev.mia.core.testing.NDAssertions.assertAllClose;
import static dev.mia.core.testing.NDAssertions.doubles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ResourceLock("djl-gradient-collector")
class TokenLogProbsTest {
  private static final int B = 2;
  private static final int T = 10;
  private static final int V = 11;

  private NDManager manager;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  private static float[] randomLogits(long seed, int n) {
    Random random = new Random(seed);
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) (random.nextGaussian() * 3);
    }
    return values;
  }

  private static long[] randomLabels(long seed, int n) {
    Random random = new Random(seed);
    long[] labels = new long[n];
    for (int i = 0; i < n; i++) {
      labels[i] = random.nextInt(V);
    }
    return labels;
  }

  /** Plain-Java reference in double: log softmax of row (b, t) at label, no DJL involved. */
  private static double referenceLogProb(float[] logits, int b, int t, int label) {
    int base = (b * T + t) * V;
    double max = Double.NEGATIVE_INFINITY;
    for (int v = 0; v < V; v++) {
      max = Math.max(max, logits[base + v]);
    }
    double sum = 0;
    for (int v = 0; v < V; v++) {
      sum += Math.exp(logits[base + v] - max);
    }
    return logits[base + label] - max - Math.log(sum);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 4, 7, T, T + 5})
  void equals_full_log_softmax_then_gather_for_every_chunk_size(int chunkSize) {
    NDArray logits = manager.create(randomLogits(1, B * T * V), new Shape(B, T, V));
    NDArray labels = manager.create(randomLabels(2, B * T), new Shape(B, T));
    NDArray expected = logits.logSoftmax(-1).gather(labels.expandDims(-1), -1).squeeze(-1);

    PerTokenLogProbs lp =
        TokenLogProbs.builder().chunkSize(chunkSize).build().compute(logits, labels, null);

    assertThat(lp.values().getDataType()).isEqualTo(DataType.FLOAT32);
    assertAllClose(lp.values(), expected, 0, 1e-6);
    assertAllClose(lp.mask(), expected.onesLike(), 0, 0);
    // The caller's arrays stay open and unchanged.
    assertThat(labels.toLongArray()).containsExactly(randomLabels(2, B * T));
    assertThat(logits.toFloatArray()).containsExactly(randomLogits(1, B * T * V));
  }

  @Test
  void fragmented_masks_give_the_masked_full_log_softmax_for_every_chunk_size() {
    // Rows of 40 positions whose mask alternates runs of 1 to 12 (so holes both shorter and
    // longer than the 8 a segment may keep), cut into balanced pieces for chunk sizes 1 to 41.
    int rows = 3;
    int steps = 40;
    Random random = new Random(11);
    float[] mask = new float[rows * steps];
    for (int b = 0; b < rows; b++) {
      boolean on = b != 1;
      int t = 0;
      while (t < steps) {
        int run = 1 + random.nextInt(12);
        for (int i = t; i < Math.min(steps, t + run); i++) {
          mask[b * steps + i] = on ? 1 : 0;
        }
        t += run;
        on = !on;
      }
    }
    NDArray logits = manager.create(randomLogits(12, rows * steps * V), new Shape(rows, steps, V));
    NDArray labels = manager.create(randomLabels(13, rows * steps), new Shape(rows, steps));
    NDArray maskArray = manager.create(mask, new Shape(rows, steps));
    NDArray expected =
        logits.logSoftmax(-1).gather(labels.expandDims(-1), -1).squeeze(-1).mul(maskArray);

    for (int chunkSize = 1; chunkSize <= steps + 1; chunkSize++) {
      PerTokenLogProbs lp =
          TokenLogProbs.builder().chunkSize(chunkSize).build().compute(logits, labels, maskArray);

      assertAllClose(lp.values(), expected, 0, 1e-6);
      assertAllClose(lp.mask(), maskArray, 0, 0);
    }
  }

  @Test
  void matches_a_plain_java_log_softmax() {
    float[] raw = randomLogits(3, B * T * V);
    long[] rawLabels = randomLabels(4, B * T);
    NDArray logits = manager.create(raw, new Shape(B, T, V));
    NDArray labels = manager.create(rawLabels, new Shape(B, T));

    PerTokenLogProbs lp =
        TokenLogProbs.builder().chunkSize(3).build().compute(logits, labels, null);

    double[] expected = new double[B * T];
    for (int b = 0; b < B; b++) {
      for (int t = 0; t < T; t++) {
        expected[b * T + t] = referenceLogProb(raw, b, t, (int) rawLabels[b * T + t]);
      }
    }
    assertAllClose(lp.values(), expected, 0, 1e-5);
  }

  @Test
  void next_token_shift_scores_label_t_plus_one_with_logits_t() {
    float[] raw = randomLogits(5, B * T * V);
    long[] rawLabels = randomLabels(6, B * T);
    NDArray logits = manager.create(raw, new Shape(B, T, V));
    NDArray labels = manager.create(rawLabels, new Shape(B, T));
    float[] maskValues = new float[B * T];
    java.util.Arrays.fill(maskValues, 1f);
    maskValues[3] = 0f; // label position 3 of row 0 -> output column 2
    NDArray mask = manager.create(maskValues, new Shape(B, T));

    PerTokenLogProbs lp =
        TokenLogProbs.builder()
            .shift(Shift.NEXT_TOKEN)
            .chunkSize(4)
            .build()
            .compute(logits, labels, mask);

    assertThat(lp.values().getShape()).isEqualTo(new Shape(B, T - 1));
    double[] expected = new double[B * (T - 1)];
    double[] expectedMask = new double[B * (T - 1)];
    for (int b = 0; b < B; b++) {
      for (int t = 0; t < T - 1; t++) {
        boolean counted = !(b == 0 && t == 2);
        expectedMask[b * (T - 1) + t] = counted ? 1 : 0;
        expected[b * (T - 1) + t] =
            counted ? referenceLogProb(raw, b, t, (int) rawLabels[b * T + t + 1]) : 0;
      }
    }
    assertAllClose(lp.values(), expected, 0, 1e-5);
    assertAllClose(lp.mask(), expectedMask, 0, 0);
  }

  @Test
  void ignore_index_positions_are_zero_and_unmasked() {
    float[] raw = randomLogits(7, B * T * V);
    long[] rawLabels = randomLabels(8, B * T);
    rawLabels[0] = -100;
    rawLabels[T + 4] = -100;
    NDArray logits = manager.create(raw, new Shape(B, T, V));
    NDArray labels = manager.create(rawLabels, new Shape(B, T));

    PerTokenLogProbs lp =
        TokenLogProbs.builder().chunkSize(7).build().compute(logits, labels, null);

    double[] values = doubles(lp.values());
    double[] mask = doubles(lp.mask());
    assertThat(values[0]).isZero();
    assertThat(values[T + 4]).isZero();
    assertThat(mask[0]).isZero();
    assertThat(mask[T + 4]).isZero();
    assertThat(mask[1]).isEqualTo(1.0);
    assertThat(values[1]).isCloseTo(referenceLogProb(raw, 0, 1, (int) rawLabels[1]), within());
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-5);
  }

  @Test
  void custom_ignore_index_is_honoured() {
    NDArray logits = manager.create(randomLogits(9, B * T * V), new Shape(B, T, V));
    long[] rawLabels = randomLabels(10, B * T);
    rawLabels[5] = 0;
    NDArray labels = manager.create(rawLabels, new Shape(B, T));

    PerTokenLogProbs lp =
        TokenLogProbs.builder().ignoreIndex(0).build().compute(logits, labels, null);

    double[] mask = doubles(lp.mask());
    for (int i = 0; i < B * T; i++) {
      assertThat(mask[i]).isEqualTo(rawLabels[i] == 0 ? 0.0 : 1.0);
    }
  }

  @Test
  void float16_logits_are_computed_in_float32() {
    NDArray logits32 = manager.create(randomLogits(11, B * T * V), new Shape(B, T, V));
    NDArray logits16 = logits32.toType(DataType.FLOAT16, false);
    NDArray labels = manager.create(randomLabels(12, B * T), new Shape(B, T));
    NDArray expected =
        logits16
            .toType(DataType.FLOAT32, false)
            .logSoftmax(-1)
            .gather(labels.expandDims(-1), -1)
            .squeeze(-1);

    PerTokenLogProbs lp =
        TokenLogProbs.builder().chunkSize(3).build().compute(logits16, labels, null);

    assertThat(lp.values().getDataType()).isEqualTo(DataType.FLOAT32);
    assertAllClose(lp.values(), expected, 0, 1e-6);
  }

  @Test
  void float64_stays_float64() {
    NDArray logits =
        manager
            .create(randomLogits(13, B * T * V), new Shape(B, T, V))
            .toType(DataType.FLOAT64, false);
    NDArray labels = manager.create(randomLabels(14, B * T), new Shape(B, T));

    PerTokenLogProbs lp = TokenLogProbs.DEFAULT.compute(logits, labels, null);

    assertThat(lp.values().getDataType()).isEqualTo(DataType.FLOAT64);
  }

  @Test
  void sequence_reductions_follow_their_formulas() {
    // Hand-worked: row 0 = [-1, -2, -3] with mask [1, 1, 0]; row 1 = [-4, -inf, -6], mask [1, 0,
    // 1].
    NDArray values =
        manager.create(
            new double[] {-1, -2, -3, -4, Double.NEGATIVE_INFINITY, -6}, new Shape(2, 3));
    NDArray mask = manager.create(new float[] {1, 1, 0, 1, 0, 1}, new Shape(2, 3));
    NDArray weights = manager.create(new double[] {2, 1, 5, 1, 7, 3}, new Shape(2, 3));
    PerTokenLogProbs lp = new PerTokenLogProbs(values, mask);

    assertAllClose(lp.sum(), new double[] {-3, -10}, 0, 1e-12);
    assertAllClose(lp.tokenCounts(), new double[] {2, 2}, 0, 0);
    assertAllClose(lp.mean(), new double[] {-1.5, -5}, 0, 1e-12);
    // 2*-1 + 1*-2 = -4 ; 1*-4 + 3*-6 = -22
    assertAllClose(lp.weightedSum(weights), new double[] {-4, -22}, 0, 1e-12);
    // -4 / 3 ; -22 / 4
    assertAllClose(lp.weightedMean(weights), new double[] {-4.0 / 3, -5.5}, 0, 1e-12);
  }

  @Test
  void mean_of_a_sequence_without_tokens_is_zero() {
    NDArray values = manager.create(new float[] {-1, -2}, new Shape(2, 1));
    NDArray mask = manager.create(new float[] {0, 1}, new Shape(2, 1));

    PerTokenLogProbs lp = new PerTokenLogProbs(values, mask);

    assertAllClose(lp.mean(), new double[] {0, -2}, 0, 0);
  }

  @Test
  void log_squared_probability_mass_matches_its_definition() {
    float[] raw = randomLogits(15, B * T * V);
    NDArray logits = manager.create(raw, new Shape(B, T, V));
    NDArray labels = manager.create(randomLabels(16, B * T), new Shape(B, T));

    PerTokenLogProbs mass =
        TokenLogProbs.builder()
            .chunkSize(3)
            .build()
            .logSquaredProbabilityMass(logits, labels, null);

    double[] expected = new double[B * T];
    for (int b = 0; b < B; b++) {
      for (int t = 0; t < T; t++) {
        double sum = 0;
        for (int v = 0; v < V; v++) {
          sum += Math.exp(2 * referenceLogProb(raw, b, t, v));
        }
        expected[b * T + t] = Math.log(sum);
      }
    }
    assertAllClose(mass.values(), expected, 0, 1e-5);
  }

  @Test
  void gradients_flow_under_a_gradient_collector() {
    float[] raw = randomLogits(17, B * T * V);
    long[] rawLabels = randomLabels(18, B * T);
    rawLabels[2] = -100;
    NDArray logits = manager.create(raw, new Shape(B, T, V)).toType(DataType.FLOAT64, false);
    logits.setRequiresGradient(true);
    NDArray labels = manager.create(rawLabels, new Shape(B, T));

    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      PerTokenLogProbs lp =
          TokenLogProbs.builder().chunkSize(3).build().compute(logits, labels, null);
      collector.backward(lp.sum().sum());
    }

    // d/dlogit_v of log softmax at label y: 1[v == y] - softmax_v; 0 at ignored positions.
    double[] grad = doubles(logits.getGradient());
    for (int b = 0; b < B; b++) {
      for (int t = 0; t < T; t++) {
        int label = (int) rawLabels[b * T + t];
        for (int v = 0; v < V; v++) {
          double expected =
              label == -100 ? 0 : (v == label ? 1 : 0) - Math.exp(referenceLogProb(raw, b, t, v));
          assertThat(grad[(b * T + t) * V + v]).isCloseTo(expected, within());
        }
      }
    }
  }

  /**
   * Row-major [B=2, T=10] mask: a prompt, a one-position hole and a 9-position gap (longer than a
   * hole kept inside a chunk), and trailing padding.
   */
  private static final float[] GAPPY_MASK = {
    0, 0, 1, 1, 0, 1, 1, 1, 0, 0, //
    1, 0, 0, 0, 0, 0, 0, 0, 0, 0
  };

  /** Logits whose unscored rows are NaN or all -inf; float64 leaf that records a gradient. */
  private NDArray poisonedLogits(float[] raw) {
    double[] values = new double[raw.length];
    for (int i = 0; i < raw.length; i++) {
      int position = i / V;
      values[i] =
          GAPPY_MASK[position] != 0
              ? raw[i]
              : position % 2 == 0 ? Double.NaN : Double.NEGATIVE_INFINITY;
    }
    return manager.create(values, new Shape(B, T, V));
  }

  private void assertGradientOfScoredRowsOnly(float[] raw, long[] rawLabels, double[] grad) {
    for (int position = 0; position < B * T; position++) {
      for (int v = 0; v < V; v++) {
        double g = grad[position * V + v];
        if (GAPPY_MASK[position] == 0) {
          assertThat(g).as("position %d, v %d", position, v).isEqualTo(0.0);
        } else {
          double expected =
              (v == rawLabels[position] ? 1 : 0)
                  - Math.exp(referenceLogProb(raw, position / T, position % T, v));
          assertThat(g).as("position %d, v %d", position, v).isCloseTo(expected, within());
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, TokenLogProbs.AUTO_CHUNK_SIZE})
  void masked_rows_of_nan_or_minus_infinity_get_exactly_zero_gradient(int chunkSize) {
    float[] raw = randomLogits(31, B * T * V);
    long[] rawLabels = randomLabels(32, B * T);
    NDArray logits = poisonedLogits(raw);
    logits.setRequiresGradient(true);
    NDArray labels = manager.create(rawLabels, new Shape(B, T));
    NDArray mask = manager.create(GAPPY_MASK, new Shape(B, T));

    double[] values;
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      PerTokenLogProbs lp =
          TokenLogProbs.builder().chunkSize(chunkSize).build().compute(logits, labels, mask);
      values = doubles(lp.values());
      collector.backward(lp.sum().sum());
    }

    for (int position = 0; position < B * T; position++) {
      double expected =
          GAPPY_MASK[position] == 0
              ? 0
              : referenceLogProb(raw, position / T, position % T, (int) rawLabels[position]);
      assertThat(values[position]).as("position %d", position).isCloseTo(expected, within());
    }
    assertGradientOfScoredRowsOnly(raw, rawLabels, doubles(logits.getGradient()));
  }

  @Test
  void masked_poisoned_rows_of_a_recorded_non_leaf_get_zero_gradient() {
    // The logits are a product recorded by the caller (hasGradient() is false for them), as a
    // model's output is: d/dx of lp(2 x) is 2 d/dlogits.
    float[] raw = randomLogits(33, B * T * V);
    long[] rawLabels = randomLabels(34, B * T);
    NDArray x = poisonedLogits(raw);
    x.setRequiresGradient(true);
    NDArray labels = manager.create(rawLabels, new Shape(B, T));
    NDArray mask = manager.create(GAPPY_MASK, new Shape(B, T));

    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDArray logits = x.mul(OwnedScalar.of(x, 2));
      PerTokenLogProbs lp =
          TokenLogProbs.builder().chunkSize(4).build().compute(logits, labels, mask);
      collector.backward(lp.sum().sum().mul(OwnedScalar.of(logits, 0.5)));
    }

    float[] doubled = new float[raw.length];
    for (int i = 0; i < raw.length; i++) {
      doubled[i] = 2 * raw[i];
    }
    assertGradientOfScoredRowsOnly(doubled, rawLabels, doubles(x.getGradient()));
  }

  @Test
  void a_batch_without_scored_positions_gives_zero_gradient() {
    NDArray logits = manager.create(randomLogits(35, B * T * V), new Shape(B, T, V));
    logits.setRequiresGradient(true);
    NDArray labels = manager.create(randomLabels(36, B * T), new Shape(B, T));
    NDArray mask = manager.zeros(new Shape(B, T));

    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      PerTokenLogProbs lp = TokenLogProbs.DEFAULT.compute(logits, labels, mask);
      assertThat(doubles(lp.values())).containsOnly(0.0);
      collector.backward(lp.sum().sum());
    }

    assertThat(doubles(logits.getGradient())).containsOnly(0.0);
  }

  @Test
  void float16_logits_keep_their_gradient_next_to_float32_ones() {
    // A loss over a float16 and a float32 tensor: DJL's toType would silently cut the float16
    // branch off the graph (its gradient would stay 0); the kernel's conversion keeps it.
    float[] raw = randomLogits(37, B * T * V);
    long[] rawLabels = randomLabels(38, B * T);
    NDArray labels = manager.create(rawLabels, new Shape(B, T));
    NDArray logits32 = manager.create(raw, new Shape(B, T, V));
    NDArray logits16 = logits32.toType(DataType.FLOAT16, false);
    logits32.setRequiresGradient(true);
    logits16.setRequiresGradient(true);
    TokenLogProbs kernel = TokenLogProbs.builder().chunkSize(3).build();

    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDArray a = kernel.compute(logits16, labels, null).sum().sum();
      NDArray b = kernel.compute(logits32, labels, null).sum().sum();
      assertThat(a.getDataType()).isEqualTo(DataType.FLOAT32);
      collector.backward(a.add(b));
    }

    NDArray grad16 = logits16.getGradient();
    assertThat(grad16.getDataType()).isEqualTo(DataType.FLOAT16);
    double[] g16 = doubles(grad16.toType(DataType.FLOAT32, false));
    double[] g32 = doubles(logits32.getGradient());
    double largest = 0;
    for (int i = 0; i < g16.length; i++) {
      largest = Math.max(largest, Math.abs(g16[i]));
      assertThat(g16[i]).as("element %d", i).isCloseTo(g32[i], offset(2e-3));
    }
    assertThat(largest).isGreaterThan(0.5);
  }

  @Test
  void rejects_float_labels_instead_of_truncating_them() {
    NDArray logits = manager.zeros(new Shape(1, 3, 7));
    NDArray labels = manager.create(new float[] {1.7f, 2f, 0f}, new Shape(1, 3));

    assertThatThrownBy(() -> TokenLogProbs.DEFAULT.compute(logits, labels, null))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("labels must be an integer type, but are: float32");
  }

  @Test
  void rejects_integer_logits() {
    NDArray logits = manager.zeros(new Shape(1, 3, 7), DataType.INT32);
    NDArray labels = manager.zeros(new Shape(1, 3), DataType.INT64);

    assertThatThrownBy(() -> TokenLogProbs.DEFAULT.compute(logits, labels, null))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("logits must be float16, float32, float64 or bfloat16, but are: int32");
  }

  @Test
  void rejects_labels_whose_shape_does_not_match() {
    NDArray logits = manager.zeros(new Shape(2, 5, 7));
    NDArray labels = manager.zeros(new Shape(2, 4), DataType.INT64);

    assertThatThrownBy(() -> TokenLogProbs.DEFAULT.compute(logits, labels, null))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("labels shape (2, 4) does not match logits shape (2, 5, 7)");
  }

  @Test
  void rejects_a_mask_whose_shape_does_not_match() {
    NDArray logits = manager.zeros(new Shape(2, 5, 7));
    NDArray labels = manager.zeros(new Shape(2, 5), DataType.INT64);
    NDArray mask = manager.ones(new Shape(2, 4));

    assertThatThrownBy(() -> TokenLogProbs.DEFAULT.compute(logits, labels, mask))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("mask shape (2, 4) does not match labels shape (2, 5)");
  }

  @Test
  void rejects_an_empty_batch() {
    NDArray logits = manager.zeros(new Shape(0, 5, 7));
    NDArray labels = manager.zeros(new Shape(0, 5), DataType.INT64);

    assertThatThrownBy(() -> TokenLogProbs.DEFAULT.compute(logits, labels, null))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("logits must not have an empty axis, but has shape: (0, 5, 7)");
  }

  @Test
  void rejects_labels_outside_the_vocabulary() {
    NDArray logits = manager.zeros(new Shape(1, 3, 7));
    NDArray labels = manager.create(new long[] {1, 7, 2}, new Shape(1, 3));

    assertThatThrownBy(() -> TokenLogProbs.DEFAULT.compute(logits, labels, null))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("labels must lie in [0, 7) or equal the ignore index, but range over: [1, 7]");
  }

  @Test
  void rejects_a_negative_chunk_size() {
    assertThatThrownBy(() -> TokenLogProbs.builder().chunkSize(-1).build())
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("chunkSize must be >= 1 (or 0 for automatic), but is: -1");
  }

  @Test
  void automatic_chunks_hold_about_24_mib_of_float32() {
    // 6 * 2^20 values / 32000 = 196.6 -> 196 positions; / 152064 = 41.4 -> 41: below 32 MiB.
    assertThat(TokenLogProbs.DEFAULT.chunkPositions(32000)).isEqualTo(196);
    assertThat(TokenLogProbs.DEFAULT.chunkPositions(152064)).isEqualTo(41);
    assertThat(4L * 196 * 32000).isLessThan(32L << 20);
    assertThat(TokenLogProbs.DEFAULT.chunkPositions(1L << 30)).isEqualTo(1);
    assertThat(TokenLogProbs.builder().chunkSize(7).build().chunkPositions(32000)).isEqualTo(7);
  }

  @Test
  void to_string_prints_every_setting() {
    assertThat(TokenLogProbs.builder().shift(Shift.NEXT_TOKEN).chunkSize(64).build())
        .hasToString("TokenLogProbs(shift=NEXT_TOKEN, ignoreIndex=-100, chunkSize=64)");
  }
}
