package dev.mia.loss.chip;

import static dev.mia.core.testing.NDAssertions.doubles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.mia.core.tensor.PerTokenLogProbs;
import dev.mia.loss.DpoOutput;
import dev.mia.loss.PreferenceLogProbs;
import dev.mia.loss.ddpo.Ddpo;
import dev.mia.loss.ddpo.DdpoNormalisation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

@ResourceLock("djl-gradient-collector")
class ChipLossTest {
  // One pair, three tokens per response; token 1 of each is a corrected segment (gamma 2).
  private static final double[] PC = {-0.2, -1.0, -0.3};
  private static final double[] PR = {-0.4, -2.0, -0.2};
  private static final double[] RC = {-0.3, -1.2, -0.3};
  private static final double[] RR = {-0.3, -1.5, -0.2};
  private static final float[] WEIGHTS = {1, 2, 1};
  private static final double POLICY_CORRUPTED = -3.0;
  private static final double REFERENCE_CORRUPTED = -2.5;

  private NDManager manager;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  private PerTokenLogProbs tokens(double[] values) {
    return new PerTokenLogProbs(
        manager.create(values, new Shape(1, 3)), manager.ones(new Shape(1, 3)));
  }

  private double loss(ChipLoss chip, double[] pc, double[] pr, double[][] gradients) {
    Ddpo ddpo = Ddpo.of(2, DdpoNormalisation.UNNORMALISED, 0.5);
    NDArray w = manager.create(WEIGHTS, new Shape(1, 3));
    PerTokenLogProbs policyC = tokens(pc);
    PerTokenLogProbs policyR = tokens(pr);
    if (gradients != null) {
      policyC.values().setRequiresGradient(true);
      policyR.values().setRequiresGradient(true);
    }
    PerTokenLogProbs refC = tokens(RC);
    PerTokenLogProbs refR = tokens(RR);
    GradientCollector gc = gradients != null ? Engine.getInstance().newGradientCollector() : null;
    try {
      PreferenceLogProbs response =
          PreferenceLogProbs.builder(policyC.sum(), policyR.sum())
              .reference(refC.sum(), refR.sum())
              .corruptedImage(
                  manager.create(new double[] {POLICY_CORRUPTED}),
                  manager.create(new double[] {REFERENCE_CORRUPTED}))
              .build();
      PreferenceLogProbs segment =
          PreferenceLogProbs.builder(
                  ddpo.sequenceLogProbs(policyC, w), ddpo.sequenceLogProbs(policyR, w))
              .reference(ddpo.sequenceLogProbs(refC, w), ddpo.sequenceLogProbs(refR, w))
              .build();
      DpoOutput out = chip.compute(response, segment);
      if (gc != null) {
        gc.backward(out.loss());
        gradients[0] = doubles(policyC.values().getGradient());
        gradients[1] = doubles(policyR.values().getGradient());
      }
      return out.lossValue();
    } finally {
      if (gc != null) {
        gc.close();
      }
    }
  }

  private static double nls(double x) {
    return Math.log1p(Math.exp(-x));
  }

  @Test
  void sums_the_response_segment_and_visual_levels() {
    // Sums: pc -1.5, pr -2.6, rc -1.8, rr -2.0: response Delta = 0.3 - (-0.6) = 0.9.
    // Weighted: pc -2.5, pr -4.6, rc -3.0, rr -3.5: segment Delta = 0.5 - (-1.1) = 1.6.
    // Visual: policy -1.5 - -3.0 = 1.5, reference -1.8 - -2.5 = 0.7: 0.8.
    double expected = nls(0.5 * 0.9) + 0.4 * nls(0.5 * 1.6) + 0.6 * nls(0.5 * 0.8);

    assertThat(loss(ChipLoss.of(0.5, 0.4, 0.6), PC, PR, null)).isCloseTo(expected, within(1e-14));
    assertThat(loss(ChipLoss.of(0.5, 0, 0.6), PC, PR, null))
        .isCloseTo(nls(0.45) + 0.6 * nls(0.4), within(1e-14));
  }

  @Test
  void gradient_matches_central_differences() {
    ChipLoss chip = ChipLoss.of(0.5, 0.4, 0.6);
    double[][] analytic = new double[2][];
    loss(chip, PC, PR, analytic);
    double h = 1e-6;
    for (int side = 0; side < 2; side++) {
      for (int t = 0; t < 3; t++) {
        double[] plusC = PC.clone();
        double[] plusR = PR.clone();
        double[] minusC = PC.clone();
        double[] minusR = PR.clone();
        (side == 0 ? plusC : plusR)[t] += h;
        (side == 0 ? minusC : minusR)[t] -= h;
        double numeric =
            (loss(chip, plusC, plusR, null) - loss(chip, minusC, minusR, null)) / (2 * h);
        assertThat(analytic[side][t])
            .as("side %d token %d", side, t)
            .isCloseTo(numeric, within(1e-8));
      }
    }
  }

  @Test
  void rejects_a_negative_segment_weight() {
    assertThatThrownBy(() -> ChipLoss.of(0.1, -1, 1))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("segmentWeight must be >= 0 and finite, but is: -1.0");
    assertThat(ChipLoss.of(0.1, 1, 1))
        .hasToString("ChipLoss(beta=0.1, segmentWeight=1.0, visualWeight=1.0)");
  }

  @Test
  void djl_adapter_matches_compute() {
    // Sums as in sums_the_response_segment_and_visual_levels: pc -1.5, pr -2.6, rc -1.8, rr -2.0;
    // weighted pc -2.5, pr -4.6, rc -3.0, rr -3.5; corrupted -3.0 and -2.5.
    ChipLoss chip = ChipLoss.of(0.5, 0.4, 0.6);
    ai.djl.ndarray.NDList predictions =
        new ai.djl.ndarray.NDList(
            manager.create(new double[] {-1.5}),
            manager.create(new double[] {-2.6}),
            manager.create(new double[] {POLICY_CORRUPTED}),
            manager.create(new double[] {-2.5}),
            manager.create(new double[] {-4.6}));
    ai.djl.ndarray.NDList labels =
        new ai.djl.ndarray.NDList(
            manager.create(new double[] {-1.8}),
            manager.create(new double[] {-2.0}),
            manager.create(new double[] {REFERENCE_CORRUPTED}),
            manager.create(new double[] {-3.0}),
            manager.create(new double[] {-3.5}));

    assertThat(new ChipTrainingLoss(chip).evaluate(labels, predictions).getDouble())
        .isCloseTo(nls(0.45) + 0.4 * nls(0.8) + 0.6 * nls(0.4), within(1e-14));
  }
}
