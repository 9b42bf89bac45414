package dev.mia.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HSA-DPO's severity weighting through existing inputs (see {@link PreferenceLogProbs}). */
@org.junit.jupiter.api.parallel.ResourceLock("djl-gradient-collector")
class HsaDpoCompositionTest {
  private static final double[] PC = {-1.0, -2.0};
  private static final double[] PR = {-3.0, -2.5};
  private static final double[] RC = {-1.5, -2.2};
  private static final double[] RR = {-2.5, -2.0};

  private NDManager manager;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  private NDArray f64(double... values) {
    return manager.create(values);
  }

  @Test
  void severity_as_pair_weights_multiplies_each_pairs_loss() {
    // Severities 0.2 and 0.9, weights 1 + s: Delta_0 = 0.5 + 0.5 = 1.0, Delta_1 = 0.2 + 0.5 = 0.7.
    DpoOutput out =
        DpoLoss.builder(LossType.SIGMOID)
            .beta(0.5)
            .build()
            .compute(
                PreferenceLogProbs.builder(f64(PC), f64(PR))
                    .reference(f64(RC), f64(RR))
                    .pairWeights(f64(1.2, 1.9))
                    .build());

    double l0 = 1.2 * -Reference.logSigmoid(0.5 * 1.0);
    double l1 = 1.9 * -Reference.logSigmoid(0.5 * 0.7);
    assertThat(out.perPairLossValues()).containsExactly(new double[] {l0, l1}, within(1e-14));
    assertThat(out.lossValue()).isCloseTo((l0 + l1) / 2, within(1e-14));
  }

  @Test
  void scaled_log_probs_reproduce_the_released_trainers_logit() {
    // HSA-DPO's dpo_loss: logits = (wc pc - wr pr) - (wc rc - wr rr), loss -log sig(beta logits).
    double[] wc = {1.0, 1.0};
    double[] wr = {0.4, 0.8};
    double[] expected = new double[2];
    for (int i = 0; i < 2; i++) {
      double logits = (wc[i] * PC[i] - wr[i] * PR[i]) - (wc[i] * RC[i] - wr[i] * RR[i]);
      expected[i] = -Reference.logSigmoid(0.1 * logits);
    }
    NDArray chosenScores = f64(wc);
    NDArray rejectedScores = f64(wr);

    DpoOutput out =
        DpoLoss.builder(LossType.SIGMOID)
            .build()
            .compute(
                PreferenceLogProbs.builder(f64(PC).mul(chosenScores), f64(PR).mul(rejectedScores))
                    .reference(f64(RC).mul(chosenScores), f64(RR).mul(rejectedScores))
                    .build());

    assertThat(out.perPairLossValues()).containsExactly(expected, within(1e-14));
  }

  private double weightedLoss(double[] pc, double[] pr) {
    return DpoLoss.builder(LossType.SIGMOID)
        .beta(0.5)
        .build()
        .compute(
            PreferenceLogProbs.builder(f64(pc), f64(pr))
                .reference(f64(RC), f64(RR))
                .pairWeights(f64(1.2, 1.9))
                .build())
        .lossValue();
  }

  @Test
  void severity_weighted_gradient_matches_central_differences() {
    NDArray pc = f64(PC);
    NDArray pr = f64(PR);
    pc.setRequiresGradient(true);
    pr.setRequiresGradient(true);
    try (ai.djl.training.GradientCollector gc =
        ai.djl.engine.Engine.getInstance().newGradientCollector()) {
      gc.backward(
          DpoLoss.builder(LossType.SIGMOID)
              .beta(0.5)
              .build()
              .compute(
                  PreferenceLogProbs.builder(pc, pr)
                      .reference(f64(RC), f64(RR))
                      .pairWeights(f64(1.2, 1.9))
                      .build())
              .loss());
    }
    double[][] analytic = {
      dev.mia.core.testing.NDAssertions.doubles(pc.getGradient()),
      dev.mia.core.testing.NDAssertions.doubles(pr.getGradient())
    };
    double h = 1e-6;
    for (int side = 0; side < 2; side++) {
      for (int i = 0; i < 2; i++) {
        double[] plusC = PC.clone();
        double[] plusR = PR.clone();
        double[] minusC = PC.clone();
        double[] minusR = PR.clone();
        (side == 0 ? plusC : plusR)[i] += h;
        (side == 0 ? minusC : minusR)[i] -= h;
        double numeric = (weightedLoss(plusC, plusR) - weightedLoss(minusC, minusR)) / (2 * h);
        assertThat(analytic[side][i]).isCloseTo(numeric, within(1e-9));
      }
    }
  }
}
