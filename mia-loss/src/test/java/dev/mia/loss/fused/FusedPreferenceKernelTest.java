package dev.mia.loss.fused;

import static dev.mia.loss.fused.FusedFixture.MASK;
import static dev.mia.loss.fused.FusedFixture.ROWS;
import static dev.mia.loss.fused.FusedFixture.STEPS;
import static dev.mia.loss.fused.FusedFixture.WIDTH;
import static dev.mia.loss.fused.FusedFixture.assertMatches;
import static dev.mia.loss.fused.FusedFixture.fused;
import static dev.mia.loss.fused.FusedFixture.lossFor;
import static dev.mia.loss.fused.FusedFixture.maxAbs;
import static dev.mia.loss.fused.FusedFixture.maxDiff;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.mia.loss.DpoLoss;
import dev.mia.loss.LossType;
import dev.mia.loss.TokenReduction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

@ResourceLock("djl-gradient-collector")
class FusedPreferenceKernelTest {
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

  @ParameterizedTest
  @EnumSource(LossType.class)
  void float64_gradients_equal_the_naive_path_for_every_loss_type(LossType type) {
    FusedPreferenceInputs in = fixture.inputs(DataType.FLOAT64, TokenReduction.SUM, 1);
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
    FusedPreferenceInputs in = fixture.inputs(DataType.FLOAT32, TokenReduction.SUM, 2);
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
    FusedPreferenceInputs in = fixture.inputs(DataType.FLOAT64, TokenReduction.MEAN, 3);
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
    FusedPreferenceInputs in = fixture.inputs(DataType.FLOAT64, TokenReduction.SUM, 1);
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
}
