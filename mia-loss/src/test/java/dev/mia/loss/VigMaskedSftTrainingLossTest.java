package dev.mia.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.mia.core.tensor.PerTokenLogProbs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VigMaskedSftTrainingLossTest {
  private final NDManager manager = NDManager.newBaseManager();

  @AfterEach
  void closeManager() {
    manager.close();
  }

  @Test
  void evaluate_equals_compute_on_the_same_arrays() {
    NDArray lp = manager.create(new double[] {-1.5, -0.25, -3, -0.5, -2, -4}, new Shape(2, 3));
    NDArray mask = manager.create(new float[] {1, 1, 0, 1, 1, 1}, new Shape(2, 3));
    NDArray selected = manager.create(new float[] {1, 0, 1, 1, 1, 0}, new Shape(2, 3));

    NDArray evaluated =
        new VigMaskedSftTrainingLoss().evaluate(new NDList(mask, selected), new NDList(lp));

    // (1.5 + 0.5 + 2) / 3 selected-and-counted tokens.
    assertThat(evaluated.getDouble()).isCloseTo(4.0 / 3, within(1e-12));
    assertThat(evaluated.getDouble())
        .isEqualTo(VigMaskedSftLoss.compute(new PerTokenLogProbs(lp, mask), selected).getDouble());
  }

  @Test
  void rejects_missing_label_slots() {
    NDArray lp = manager.create(new double[] {-1}, new Shape(1, 1));

    assertThatThrownBy(
            () ->
                new VigMaskedSftTrainingLoss().evaluate(new NDList(lp.onesLike()), new NDList(lp)))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "predictions need [tokenLogProbs] and labels [mask, selected], but have 1 and 1 arrays");
  }
}
