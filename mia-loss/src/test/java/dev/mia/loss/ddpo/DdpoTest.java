package dev.mia.loss.ddpo;

import static dev.mia.core.testing.NDAssertions.assertAllClose;
import static dev.mia.core.testing.NDAssertions.doubles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.mia.core.data.TokenWeights;
import dev.mia.core.tensor.PerTokenLogProbs;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

@ResourceLock("djl-gradient-collector")
class DdpoTest {
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
  void changed_tokens_weigh_gamma_in_both_responses() {
    TokenWeights w =
        Ddpo.PAPER.weights(new int[] {1, 2, 3, 4, 5, 6, 7, 8}, new int[] {1, 2, 3, 9, 5, 6, 7, 8});

    assertThat(w.chosen()).containsExactly(1, 1, 1, 5, 1, 1, 1, 1);
    assertThat(w.rejected()).containsExactly(1, 1, 1, 5, 1, 1, 1, 1);
  }

  @Test
  void normalised_and_unnormalised_sequence_log_probs() {
    // lp = [-1, -2, -4] all counted, weights [1, 5, 1]:
    // unnormalised -1 - 10 - 4 = -15; normalised -15 / 7.
    NDArray lp = manager.create(new double[] {-1, -2, -4}, new Shape(1, 3));
    PerTokenLogProbs tokens = new PerTokenLogProbs(lp, lp.onesLike());
    NDArray weights = manager.create(new double[] {1, 5, 1}, new Shape(1, 3));

    assertAllClose(
        Ddpo.of(5, DdpoNormalisation.UNNORMALISED, 0.1).sequenceLogProbs(tokens, weights),
        new double[] {-15},
        0,
        1e-12);
    assertAllClose(
        Ddpo.PAPER.sequenceLogProbs(tokens, weights), new double[] {-15.0 / 7}, 0, 1e-12);
  }

  @Test
  void weighting_gradient_matches_central_differences() {
    double[] raw = {-1.3, -0.2, -2.5, -0.7, -1.1, -3.0};
    float[] mask = {1, 1, 1, 1, 1, 0};
    NDArray weights =
        Ddpo.weightMatrix(manager, List.of(new float[] {1, 5, 1}, new float[] {5, 1}), 3)
            .toType(DataType.FLOAT64, false);
    for (Ddpo ddpo : List.of(Ddpo.PAPER, Ddpo.RELEASED_CODE)) {
      NDArray lp = manager.create(raw, new Shape(2, 3));
      lp.setRequiresGradient(true);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray seq =
            ddpo.sequenceLogProbs(
                new PerTokenLogProbs(lp, manager.create(mask, new Shape(2, 3))), weights);
        gc.backward(seq.mul(manager.create(new double[] {0.7, -1.3})).sum());
      }
      double[] analytic = doubles(lp.getGradient());
      double h = 1e-6;
      double[] numeric = new double[raw.length];
      for (int k = 0; k < raw.length; k++) {
        numeric[k] =
            (objective(ddpo, raw, k, h, mask, weights) - objective(ddpo, raw, k, -h, mask, weights))
                / (2 * h);
      }
      assertAllClose(analytic, numeric, 1e-6, 1e-8);
    }
  }

  private double objective(
      Ddpo ddpo, double[] raw, int k, double offset, float[] mask, NDArray weights) {
    double[] x = raw.clone();
    x[k] += offset;
    NDArray seq =
        ddpo.sequenceLogProbs(
            new PerTokenLogProbs(
                manager.create(x, new Shape(2, 3)), manager.create(mask, new Shape(2, 3))),
            weights);
    return seq.mul(manager.create(new double[] {0.7, -1.3})).sum().getDouble();
  }

  @Test
  void presets_follow_the_paper_and_the_released_code() {
    assertThat(Ddpo.PAPER)
        .hasToString("Ddpo(gamma=5.0, normalisation=NORMALISED, beta=0.5, minMatchSize=3)");
    assertThat(Ddpo.RELEASED_CODE)
        .hasToString("Ddpo(gamma=1.1, normalisation=UNNORMALISED, beta=0.1, minMatchSize=3)");
    assertThat(Ddpo.PAPER.dpoLoss().beta()).isEqualTo(0.5);
  }

  @Test
  void rejects_a_non_positive_gamma() {
    assertThatThrownBy(() -> Ddpo.of(0, DdpoNormalisation.NORMALISED, 0.1))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("gamma must be > 0 and finite, but is: 0.0");
  }

  @Test
  void min_match_size_is_settable() {
    // chosen 1 2 [3] 4 5 vs rejected 1 2 [9] 4 5: the common runs have 2 tokens, so with RLHF-V's
    // minimum 3 nothing counts as unchanged and the whole of both responses is one replacement;
    // with minimum 2 only the middle token is changed.
    int[] chosen = {1, 2, 3, 4, 5};
    int[] rejected = {1, 2, 9, 4, 5};
    Ddpo two = Ddpo.PAPER.withMinMatchSize(2);

    assertThat(Ddpo.PAPER.minMatchSize()).isEqualTo(3);
    assertThat(Ddpo.PAPER.weights(chosen, rejected).chosen()).containsExactly(5f, 5f, 5f, 5f, 5f);
    assertThat(two.minMatchSize()).isEqualTo(2);
    assertThat(two.weights(chosen, rejected).chosen()).containsExactly(1f, 1f, 5f, 1f, 1f);
    assertThat(two)
        .hasToString("Ddpo(gamma=5.0, normalisation=NORMALISED, beta=0.5, minMatchSize=2)");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Ddpo.PAPER.withMinMatchSize(0))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("minMatchSize must be >= 1, but is: 0");
  }
}
