package dev.mia.loss.tpo;

import static dev.mia.core.testing.NDAssertions.assertAllClose;
import static dev.mia.core.testing.NDAssertions.doubles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.mia.core.NonFiniteValueException;
import dev.mia.core.tensor.PerTokenLogProbs;
import dev.mia.loss.DpoLoss;
import dev.mia.loss.LossType;
import dev.mia.loss.PreferenceLogProbs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

@ResourceLock("djl-gradient-collector")
class VisualAnchorWeightsTest {
  private static final double LN3 = Math.log(3);
  // One pair, two tokens each; the rejected response's second token is padding.
  private static final double[] POLICY_C = {-0.5, -1.0};
  private static final double[] POLICY_R = {-2.0, -7.0};
  private static final double[] REF_C = {-0.7, -1.1};
  private static final double[] REF_R = {-1.5, -9.0};
  private static final float[] MASK_C = {1, 1};
  private static final float[] MASK_R = {1, 0};
  // Anchors: chosen (ln 3, 0), rejected (-ln 3, 5).
  private static final double[] ANCHOR_C = {LN3, 0};
  private static final double[] ANCHOR_R = {-LN3, 5};

  private NDManager manager;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  private NDArray row(double[] values) {
    return manager.create(values, new Shape(1, values.length));
  }

  @Test
  void weights_are_tpo_sigmoid_plus_a_half_and_its_reciprocal_form() {
    // sigmoid(ln 3) = 0.75, sigmoid(0) = 0.5, sigmoid(-ln 3) = 0.25.
    assertThat(VisualAnchorWeights.chosenWeights(new float[] {(float) LN3, 0}))
        .containsExactly(new float[] {1.25f, 1.0f}, within(1e-6f));
    assertThat(VisualAnchorWeights.rejectedWeights(new float[] {(float) LN3, 0}))
        .containsExactly(new float[] {0.75f, 1.0f}, within(1e-6f));
    assertAllClose(
        VisualAnchorWeights.chosenWeights(row(ANCHOR_C)), new double[] {1.25, 1.0}, 0, 1e-15);
    assertAllClose(
        VisualAnchorWeights.rejectedWeights(row(ANCHOR_R)),
        new double[] {1.25, 1.5 - 1 / (1 + Math.exp(-5))},
        0,
        1e-15);
    dev.mia.core.data.TokenWeights pair =
        VisualAnchorWeights.tokenWeights(new float[] {(float) LN3}, new float[] {(float) LN3, 0});
    assertThat(pair.chosen()).containsExactly(new float[] {1.25f}, within(1e-6f));
    assertThat(pair.rejected()).containsExactly(new float[] {0.75f, 1.0f}, within(1e-6f));
    assertThatThrownBy(() -> VisualAnchorWeights.chosenWeights(new float[] {0, Float.NaN}))
        .isExactlyInstanceOf(NonFiniteValueException.class)
        .hasMessage("visual anchor of token 1 is NaN");
  }

  @Test
  void both_applications_match_hand_derived_sums() {
    PerTokenLogProbs chosen =
        new PerTokenLogProbs(row(POLICY_C), manager.create(MASK_C, new Shape(1, 2)));
    NDArray w = VisualAnchorWeights.chosenWeights(row(ANCHOR_C));

    // Token weights: 1.25 * -0.5 + 1.0 * -1.0 = -1.625; bonus: (-0.5 + ln 1.25) + (-1 + ln 1).
    assertAllClose(
        VisualAnchorWeights.DEFAULT.sequenceLogProbs(chosen, w), new double[] {-1.625}, 0, 1e-15);
    assertAllClose(
        VisualAnchorWeights.of(AnchorApplication.LOG_PROBABILITY_BONUS).sequenceLogProbs(chosen, w),
        new double[] {-1.5 + Math.log(1.25)},
        0,
        1e-15);
  }

  private double tpoLoss(double[] pc, double[] pr, boolean record, double[][] gradients) {
    PerTokenLogProbs policyC =
        new PerTokenLogProbs(row(pc), manager.create(MASK_C, new Shape(1, 2)));
    PerTokenLogProbs policyR =
        new PerTokenLogProbs(row(pr), manager.create(MASK_R, new Shape(1, 2)));
    if (record) {
      policyC.values().setRequiresGradient(true);
      policyR.values().setRequiresGradient(true);
    }
    PerTokenLogProbs refC =
        new PerTokenLogProbs(row(REF_C), manager.create(MASK_C, new Shape(1, 2)));
    PerTokenLogProbs refR =
        new PerTokenLogProbs(row(REF_R), manager.create(MASK_R, new Shape(1, 2)));
    NDArray wc = VisualAnchorWeights.chosenWeights(row(ANCHOR_C));
    NDArray wr = VisualAnchorWeights.rejectedWeights(row(ANCHOR_R));
    VisualAnchorWeights tpo = VisualAnchorWeights.DEFAULT;
    DpoLoss dpo = DpoLoss.builder(LossType.SIGMOID).beta(0.5).build();
    if (!record) {
      return dpo.compute(
              PreferenceLogProbs.builder(
                      tpo.sequenceLogProbs(policyC, wc), tpo.sequenceLogProbs(policyR, wr))
                  .reference(tpo.sequenceLogProbs(refC, wc), tpo.sequenceLogProbs(refR, wr))
                  .build())
          .lossValue();
    }
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray loss =
          dpo.compute(
                  PreferenceLogProbs.builder(
                          tpo.sequenceLogProbs(policyC, wc), tpo.sequenceLogProbs(policyR, wr))
                      .reference(tpo.sequenceLogProbs(refC, wc), tpo.sequenceLogProbs(refR, wr))
                      .build())
              .loss();
      gc.backward(loss);
      gradients[0] = doubles(policyC.values().getGradient());
      gradients[1] = doubles(policyR.values().getGradient());
      return loss.getDouble();
    }
  }

  @Test
  void dpo_over_anchor_weighted_log_probs_matches_the_hand_derived_value() {
    // w_c = (1.25, 1.0), w_r = (1.25, masked). Policy: c = -1.625, r = 1.25 * -2 = -2.5;
    // reference: c = 1.25 * -0.7 - 1.1 = -1.975, r = 1.25 * -1.5 = -1.875.
    // Delta = (-1.625 + 1.975) - (-2.5 + 1.875) = 0.35 + 0.625 = 0.975; loss = -log sig(0.4875).
    double loss = tpoLoss(POLICY_C, POLICY_R, false, null);

    assertThat(loss).isCloseTo(Math.log1p(Math.exp(-0.4875)), within(1e-15));
  }

  @Test
  void gradient_matches_central_differences() {
    double[][] analytic = new double[2][];
    tpoLoss(POLICY_C, POLICY_R, true, analytic);
    double h = 1e-6;
    for (int side = 0; side < 2; side++) {
      for (int t = 0; t < 2; t++) {
        double[] plusC = POLICY_C.clone();
        double[] plusR = POLICY_R.clone();
        double[] minusC = POLICY_C.clone();
        double[] minusR = POLICY_R.clone();
        (side == 0 ? plusC : plusR)[t] += h;
        (side == 0 ? minusC : minusR)[t] -= h;
        double numeric =
            (tpoLoss(plusC, plusR, false, null) - tpoLoss(minusC, minusR, false, null)) / (2 * h);
        assertThat(analytic[side][t])
            .as("side %d token %d", side, t)
            .isCloseTo(numeric, within(1e-8));
      }
    }
    // The masked rejected token has no gradient.
    assertThat(analytic[1][1]).isZero();
  }
}
