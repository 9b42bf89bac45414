package dev.mia.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.mia.core.tensor.PerTokenLogProbs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VigMaskedSftLossTest {
  private NDManager manager;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  @Test
  void averages_cross_entropy_over_selected_tokens_only() {
    // Selected and counted: -1 (row 0), -3 (row 1); the -inf token is masked out.
    // Loss = (1 + 3) / 2 = 2.
    NDArray lp =
        manager.create(new double[] {-1, -2, Double.NEGATIVE_INFINITY, -3}, new Shape(2, 2));
    NDArray mask = manager.create(new float[] {1, 1, 0, 1}, new Shape(2, 2));
    NDArray selected = manager.create(new float[] {1, 0, 1, 1}, new Shape(2, 2));

    NDArray loss = VigMaskedSftLoss.compute(new PerTokenLogProbs(lp, mask), selected);

    assertThat(loss.getDouble()).isCloseTo(2.0, within(1e-12));
  }

  @Test
  void no_selected_token_gives_zero() {
    NDArray lp = manager.create(new double[] {-1, -2}, new Shape(1, 2));
    NDArray loss =
        VigMaskedSftLoss.compute(new PerTokenLogProbs(lp, lp.onesLike()), lp.zerosLike());

    assertThat(loss.getDouble()).isEqualTo(0.0);
  }

  @Test
  void rejects_a_selection_of_another_shape() {
    NDArray lp = manager.create(new double[] {-1, -2}, new Shape(1, 2));

    assertThatThrownBy(
            () ->
                VigMaskedSftLoss.compute(
                    new PerTokenLogProbs(lp, lp.onesLike()), manager.ones(new Shape(1, 3))))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("selected shape (1, 3) does not match values shape (1, 2)");
  }
}
