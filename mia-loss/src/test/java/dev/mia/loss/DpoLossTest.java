package dev.mia.loss;

import static dev.mia.core.testing.NDAssertions.assertAllClose;
import static dev.mia.core.testing.NDAssertions.doubles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.mia.core.tensor.PerTokenLogProbs;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@ResourceLock("djl-gradient-collector")
class DpoLossTest {
  // Fixed inputs for golden values: three pairs with mixed signs of the margin.
  private static final double[] PC = {-10.2, -8.5, -12.0};
  private static final double[] PR = {-11.0, -8.0, -15.5};
  private static final double[] RC = {-10.5, -8.7, -12.35};
  private static final double[] RR = {-10.9, -8.2, -15.0};
  private static final double[] LC = {5, 4, 7};
  private static final double[] LR = {6, 4, 9};
  // Chosen per-token log-probs [3, 2] with one masked token: NLL = -(-1 - 2 - 0.5 - 1.5 - 3) / 5.
  private static final double[] TOKENS = {-1, -2, -0.5, -1.5, -3, -99};
  private static final float[] TOKEN_MASK = {1, 1, 1, 1, 1, 0};
  private static final double NLL = 8.0 / 5;

  private NDManager manager;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  private NDArray f64(double[] values) {
    return manager.create(values);
  }

  private PreferenceLogProbs inputs(NDArray pc, NDArray pr, NDArray tokens) {
    return PreferenceLogProbs.builder(pc, pr)
        .reference(f64(RC), f64(RR))
        .lengths(f64(LC), f64(LR))
        .chosenTokens(new PerTokenLogProbs(tokens, manager.create(TOKEN_MASK, new Shape(3, 2))))
        .build();
  }

  private static DpoLoss lossFor(LossType type) {
    DpoLoss.Builder b = DpoLoss.builder(type).beta(0.7);
    if (type == LossType.EXO_PAIR || type == LossType.ROBUST || type == LossType.SIGMOID) {
      b.labelSmoothing(0.1);
    }
    return b.build();
  }

  @ParameterizedTest
  @EnumSource(LossType.class)
  void matches_golden_values_from_the_published_formula(LossType type) {
    // Golden numbers: Reference.perPair evaluates the paper / TRL formula in plain Java doubles
    // (Math.log1p, Math.exp), independently of the NDArray implementation.
    double eps =
        type == LossType.EXO_PAIR || type == LossType.ROBUST || type == LossType.SIGMOID ? 0.1 : 0;
    double[] expected = Reference.perPair(type, 0.7, eps, PC, PR, RC, RR, LC, LR, NLL);

    DpoOutput out =
        lossFor(type).compute(inputs(f64(PC), f64(PR), manager.create(TOKENS, new Shape(3, 2))));

    assertAllClose(out.perPairLosses(), expected, 1e-12, 1e-12);
    assertThat(out.loss().getDouble()).isCloseTo(Reference.mean(expected), within(1e-12));
  }

  @Test
  void sigmoid_at_zero_margin_is_log_two() {
    // -log sigmoid(0) = log 2 = 0.6931471805599453 (exact identity).
    NDArray same = f64(new double[] {-3, -4});
    DpoOutput out =
        DpoLoss.builder(LossType.SIGMOID)
            .build()
            .compute(PreferenceLogProbs.builder(same, same).reference(same, same).build());

    assertThat(out.loss().getDouble()).isCloseTo(0.6931471805599453, within(1e-15));
  }

  @Test
  void hinge_hand_worked_value() {
    // rho_c = 1, rho_r = -1, Delta = 2, beta = 0.1: relu(1 - 0.2) = 0.8.
    DpoOutput out =
        DpoLoss.builder(LossType.HINGE)
            .build()
            .compute(
                PreferenceLogProbs.builder(f64(new double[] {-1}), f64(new double[] {-3}))
                    .reference(f64(new double[] {-2}), f64(new double[] {-2}))
                    .build());

    assertThat(out.loss().getDouble()).isCloseTo(0.8, within(1e-15));
  }

  @Test
  void reports_trl_metrics() {
    DpoOutput out =
        DpoLoss.builder(LossType.SIGMOID)
            .beta(0.5)
            .build()
            .compute(inputs(f64(PC), f64(PR), manager.create(TOKENS, new Shape(3, 2))));

    // rho_c = {0.3, 0.2, 0.35}, rho_r = {-0.1, 0.2, -0.5}; rewards = 0.5 * rho.
    assertAllClose(out.chosenRewards(), new double[] {0.15, 0.1, 0.175}, 0, 1e-12);
    assertAllClose(out.rejectedRewards(), new double[] {-0.05, 0.1, -0.25}, 0, 1e-12);
    assertAllClose(out.margins(), new double[] {0.2, 0, 0.425}, 0, 1e-12);
    assertThat(out.accuracy().getDouble()).isCloseTo(2.0 / 3, within(1e-12));
    assertAllClose(out.chosenLogProbs(), PC, 0, 0);
    assertThat(out.metrics())
        .containsOnlyKeys(
            "loss",
            "rewards/chosen",
            "rewards/rejected",
            "rewards/margins",
            "rewards/accuracies",
            "logps/chosen",
            "logps/rejected");
    assertThat(out.metrics().get("rewards/margins")).isCloseTo(0.625 / 3, within(1e-12));
  }

  @ParameterizedTest
  @EnumSource(value = LossType.class, names = "BCO_PAIR", mode = EnumSource.Mode.EXCLUDE)
  void legacy_reference_free_gradient_matches_central_differences(LossType type) {
    // TRL 0.24 paths: cDPO, per-token-mean feeding for IPO, raw-ratio losses against the supplied
    // reference. BCO is left out: its running mean moves with every call, and TRL detaches it.
    gradientCheck(
        lossFor(type).toBuilder()
            .trlVersion(TrlVersion.LEGACY_0_24)
            .referenceMode(ReferenceMode.NONE)
            .build());
  }

  @ParameterizedTest
  @EnumSource(LossType.class)
  void gradient_matches_central_differences(LossType type) {
    gradientCheck(lossFor(type));
  }

  private void gradientCheck(DpoLoss loss) {
    double[] analytic = new double[PC.length * 2 + TOKENS.length];
    NDArray pc = f64(PC);
    NDArray pr = f64(PR);
    NDArray tokens = manager.create(TOKENS, new Shape(3, 2));
    pc.setRequiresGradient(true);
    pr.setRequiresGradient(true);
    tokens.setRequiresGradient(true);
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      gc.backward(loss.compute(inputs(pc, pr, tokens)).loss());
    }
    System.arraycopy(doubles(pc.getGradient()), 0, analytic, 0, 3);
    System.arraycopy(doubles(pr.getGradient()), 0, analytic, 3, 3);
    System.arraycopy(doubles(tokens.getGradient()), 0, analytic, 6, TOKENS.length);

    double[] numeric = new double[analytic.length];
    double h = 1e-6;
    for (int k = 0; k < numeric.length; k++) {
      double plus = lossAt(loss, k, h);
      double minus = lossAt(loss, k, -h);
      numeric[k] = (plus - minus) / (2 * h);
    }
    assertAllClose(analytic, numeric, 1e-5, 1e-7);
  }

  private double lossAt(DpoLoss loss, int k, double offset) {
    double[] pc = PC.clone();
    double[] pr = PR.clone();
    double[] tokens = TOKENS.clone();
    if (k < 3) {
      pc[k] += offset;
    } else if (k < 6) {
      pr[k - 3] += offset;
    } else {
      tokens[k - 6] += offset;
    }
    return loss.compute(inputs(f64(pc), f64(pr), manager.create(tokens, new Shape(3, 2))))
        .loss()
        .getDouble();
  }

  @ParameterizedTest
  @EnumSource(LossType.class)
  void stays_finite_for_log_ratio_differences_of_ten_thousand(LossType type) {
    for (DataType dataType : List.of(DataType.FLOAT32, DataType.FLOAT64)) {
      for (double sign : new double[] {1, -1}) {
        Function<double[], NDArray> make = v -> f64(v).toType(dataType, false);
        NDArray pc = make.apply(new double[] {sign * 5e3, -sign * 5e3});
        NDArray pr = make.apply(new double[] {-sign * 5e3, sign * 5e3});
        NDArray zero = make.apply(new double[] {0, 0});
        NDArray tokenMask = manager.create(new float[] {1, 0, 1, 0}, new Shape(2, 2));
        NDArray chosenTokens =
            manager
                .create(
                    new double[] {-1, Double.NEGATIVE_INFINITY, -1, Double.NEGATIVE_INFINITY},
                    new Shape(2, 2))
                .toType(dataType, false);
        pc.setRequiresGradient(true);
        pr.setRequiresGradient(true);
        chosenTokens.setRequiresGradient(true);
        NDArray loss;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          loss =
              lossFor(type)
                  .compute(
                      PreferenceLogProbs.builder(pc, pr)
                          .reference(zero, zero)
                          .lengths(make.apply(new double[] {1, 1}), make.apply(new double[] {1, 1}))
                          .chosenTokens(new PerTokenLogProbs(chosenTokens, tokenMask))
                          .build())
                  .loss();
          gc.backward(loss);
        }
        assertThat(java.util.Arrays.stream(doubles(loss)).allMatch(Double::isFinite))
            .as("%s %s %s", type, dataType, sign)
            .isTrue();
        assertThat(java.util.Arrays.stream(doubles(pc.getGradient())).allMatch(Double::isFinite))
            .isTrue();
        assertThat(java.util.Arrays.stream(doubles(pr.getGradient())).allMatch(Double::isFinite))
            .isTrue();
        assertThat(
                java.util.Arrays.stream(doubles(chosenTokens.getGradient()))
                    .allMatch(Double::isFinite))
            .isTrue();
      }
    }
  }

  @Test
  void weighted_sum_of_terms_is_the_sum_of_weighted_means() {
    // MPO-style mix: 0.8 sigmoid + 0.2 bco_pair + 1.0 sft, each from the reference formulas.
    DpoLoss mix =
        DpoLoss.builder(
                List.of(
                    LossTerm.of(LossType.SIGMOID, 0.8),
                    LossTerm.of(LossType.BCO_PAIR, 0.2),
                    LossTerm.of(LossType.SFT, 1.0)))
            .beta(0.7)
            .build();
    double expected =
        0.8
                * Reference.mean(
                    Reference.perPair(LossType.SIGMOID, 0.7, 0, PC, PR, RC, RR, LC, LR, NLL))
            + 0.2
                * Reference.mean(
                    Reference.perPair(LossType.BCO_PAIR, 0.7, 0, PC, PR, RC, RR, LC, LR, NLL))
            + NLL;

    DpoOutput out = mix.compute(inputs(f64(PC), f64(PR), manager.create(TOKENS, new Shape(3, 2))));

    assertThat(out.loss().getDouble()).isCloseTo(expected, within(1e-12));
  }

  @Test
  void to_builder_with_terms_keeps_the_settings_and_adds_an_sft_term() {
    DpoLoss sigmoid = DpoLoss.builder(LossType.SIGMOID).beta(0.7).labelSmoothing(0.1).build();

    DpoLoss withSft =
        sigmoid.toBuilder(
                List.of(LossTerm.of(LossType.SIGMOID, 1.0), LossTerm.of(LossType.SFT, 0.5)))
            .build();

    assertThat(withSft.beta()).isEqualTo(0.7);
    assertThat(withSft.labelSmoothing()).isEqualTo(0.1);
    assertThat(withSft.terms())
        .containsExactly(LossTerm.of(LossType.SIGMOID, 1.0), LossTerm.of(LossType.SFT, 0.5));
    double expected =
        Reference.mean(Reference.perPair(LossType.SIGMOID, 0.7, 0.1, PC, PR, RC, RR, LC, LR, NLL))
            + 0.5 * NLL;
    DpoOutput out =
        withSft.compute(inputs(f64(PC), f64(PR), manager.create(TOKENS, new Shape(3, 2))));
    assertThat(out.loss().getDouble()).isCloseTo(expected, within(1e-12));
    assertThatThrownBy(() -> sigmoid.toBuilder(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("terms must not be empty");
  }

  @Test
  void f_divergences_change_the_scores() {
    // Scores from the TRL formulas in plain doubles: forward KL -exp(-rho), JS log sigmoid(rho),
    // alpha (current, 0.5) exp(-0.5 rho) / -0.5, alpha (legacy, 1.0) -exp(-rho).
    double c = PC[0] - RC[0];
    double r = PR[0] - RR[0];
    double[][] cases = {
      {-Math.exp(-c) + Math.exp(-r)},
      {Reference.logSigmoid(c) - Reference.logSigmoid(r)},
      {Math.exp(-0.5 * c) / -0.5 - Math.exp(-0.5 * r) / -0.5},
      {-Math.exp(-c) + Math.exp(-r)},
    };
    DpoLoss[] losses = {
      DpoLoss.builder(LossType.SIGMOID).fDivergence(FDivergence.FORWARD_KL).build(),
      DpoLoss.builder(LossType.SIGMOID).fDivergence(FDivergence.JS_DIVERGENCE).build(),
      DpoLoss.builder(LossType.SIGMOID).fDivergence(FDivergence.ALPHA_DIVERGENCE).build(),
      DpoLoss.builder(LossType.SIGMOID)
          .fDivergence(FDivergence.ALPHA_DIVERGENCE)
          .trlVersion(TrlVersion.LEGACY_0_24)
          .build(),
    };
    for (int k = 0; k < cases.length; k++) {
      double expected = -Reference.logSigmoid(0.1 * cases[k][0]);
      DpoOutput out =
          losses[k].compute(
              PreferenceLogProbs.builder(f64(new double[] {PC[0]}), f64(new double[] {PR[0]}))
                  .reference(f64(new double[] {RC[0]}), f64(new double[] {RR[0]}))
                  .build());
      assertThat(out.loss().getDouble())
          .as(losses[k].toString())
          .isCloseTo(expected, within(1e-12));
    }
  }

  @Test
  void reference_free_uses_policy_log_probs_as_log_ratios() {
    // rho = policy log-prob: -log sigmoid(0.1 * (-10.2 + 11.0)).
    DpoOutput out =
        DpoLoss.builder(LossType.SIGMOID)
            .referenceMode(ReferenceMode.NONE)
            .build()
            .compute(
                PreferenceLogProbs.builder(f64(new double[] {-10.2}), f64(new double[] {-11.0}))
                    .build());

    assertThat(out.loss().getDouble()).isCloseTo(-Reference.logSigmoid(0.08), within(1e-12));
  }

  @Test
  void dynamic_beta_scales_each_pair_and_is_at_least_one_thousandth() {
    // beta_i = max(1e-3, 0.1 * (1 + 2 * m_i)), m = {1.5, -10}: 0.4 and 1e-3.
    NDArray margins = f64(new double[] {1.5, -10});
    DpoOutput out =
        DpoLoss.builder(LossType.SIGMOID)
            .dynamicBetaWeight(2)
            .build()
            .compute(
                PreferenceLogProbs.builder(f64(new double[] {-1, -1}), f64(new double[] {-3, -3}))
                    .reference(f64(new double[] {-2, -2}), f64(new double[] {-2, -2}))
                    .rewardMargins(margins)
                    .build());

    assertAllClose(
        out.perPairLosses(),
        new double[] {-Reference.logSigmoid(0.4 * 2), -Reference.logSigmoid(1e-3 * 2)},
        1e-12,
        1e-12);
    assertAllClose(out.chosenRewards(), new double[] {0.4, 1e-3}, 1e-12, 0);
  }

  @Test
  void pair_weights_multiply_each_pair() {
    DpoOutput out =
        DpoLoss.builder(LossType.SIGMOID)
            .build()
            .compute(
                PreferenceLogProbs.builder(f64(new double[] {-1, -1}), f64(new double[] {-3, -3}))
                    .reference(f64(new double[] {-2, -2}), f64(new double[] {-2, -2}))
                    .pairWeights(f64(new double[] {0.5, 2}))
                    .build());

    double l = -Reference.logSigmoid(0.2);
    assertAllClose(out.perPairLosses(), new double[] {0.5 * l, 2 * l}, 1e-12, 0);
  }

  @Test
  void mdpo_adds_image_conditional_and_anchor_terms() {
    // Response term -log sig(0.1*2); conditional: policy (-1 - -4) - ref (-2 - -3) = 2, so
    // -log sig(0.1*2); anchor: rho_c = 1, -log sig(0.1).
    DpoOutput out =
        DpoLoss.builder(LossType.SIGMOID)
            .imageConditionalWeight(1)
            .anchorWeight(1)
            .build()
            .compute(
                PreferenceLogProbs.builder(f64(new double[] {-1}), f64(new double[] {-3}))
                    .reference(f64(new double[] {-2}), f64(new double[] {-2}))
                    .corruptedImage(f64(new double[] {-4}), f64(new double[] {-3}))
                    .build());

    double expected = -2 * Reference.logSigmoid(0.2) - Reference.logSigmoid(0.1);
    assertThat(out.loss().getDouble()).isCloseTo(expected, within(1e-12));
  }

  @Test
  void legacy_bco_subtracts_the_running_reward_mean() {
    // Rewards 0.1 * {1, -1}: batch mean 0 -> delta 0 first; a second batch with rewards
    // 0.1 * {3, 1} has mean 0.2 -> TRL 0.24's RunningMoments counts each 0-d batch mean once:
    // mean += float32((0.2f - 0) * 1 / (1 + 1e-24 + 1)) = 0.2f / 2f.
    DpoLoss bco = DpoLoss.builder(LossType.BCO_PAIR).trlVersion(TrlVersion.LEGACY_0_24).build();
    BcoRunningMean running = new BcoRunningMean();
    bco.compute(
        PreferenceLogProbs.builder(f64(new double[] {-1}), f64(new double[] {-3}))
            .reference(f64(new double[] {-2}), f64(new double[] {-2}))
            .build(),
        running);
    DpoOutput second =
        bco.compute(
            PreferenceLogProbs.builder(f64(new double[] {1}), f64(new double[] {-1}))
                .reference(f64(new double[] {-2}), f64(new double[] {-2}))
                .build(),
            running);

    double delta = (double) ((float) (0.1 * 3 + 0.1 * 1) / 2 / 2f);
    assertThat(running.mean()).isEqualTo(delta);
    double expected = -Reference.logSigmoid(0.3 - delta) - Reference.logSigmoid(-(0.1 - delta));
    assertThat(second.loss().getDouble()).isCloseTo(expected, within(1e-12));
  }

  @Test
  void one_argument_compute_is_safe_for_legacy_bco_and_keeps_its_own_running_mean() {
    // The same two batches as above through compute(inputs): the loss's own accumulator.
    DpoLoss bco = DpoLoss.builder(LossType.BCO_PAIR).trlVersion(TrlVersion.LEGACY_0_24).build();
    bco.compute(
        PreferenceLogProbs.builder(f64(new double[] {-1}), f64(new double[] {-3}))
            .reference(f64(new double[] {-2}), f64(new double[] {-2}))
            .build());
    DpoOutput second =
        bco.compute(
            PreferenceLogProbs.builder(f64(new double[] {1}), f64(new double[] {-1}))
                .reference(f64(new double[] {-2}), f64(new double[] {-2}))
                .build());

    double delta = (double) ((float) (0.1 * 3 + 0.1 * 1) / 2 / 2f);
    assertThat(bco.bcoRunningMean()).isNotNull();
    assertThat(bco.bcoRunningMean().mean()).isEqualTo(delta);
    double expected = -Reference.logSigmoid(0.3 - delta) - Reference.logSigmoid(-(0.1 - delta));
    assertThat(second.loss().getDouble()).isCloseTo(expected, within(1e-12));
    assertThat(DpoLoss.builder(LossType.BCO_PAIR).build().bcoRunningMean()).isNull();
  }

  @Test
  void rejects_negative_beta() {
    assertThatThrownBy(() -> DpoLoss.builder(LossType.SIGMOID).beta(-1).build())
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("beta must be > 0 and finite, but is: -1.0");
  }

  @Test
  void rejects_label_smoothing_outside_its_range() {
    assertThatThrownBy(() -> DpoLoss.builder(LossType.AOT).labelSmoothing(1.5).build())
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("labelSmoothing must be in [0, 1], but is: 1.5");
    assertThatThrownBy(() -> DpoLoss.builder(LossType.EXO_PAIR).labelSmoothing(0.6).build())
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("labelSmoothing must be in (0, 0.5] for EXO_PAIR, but is: 0.6");
    assertThatThrownBy(() -> DpoLoss.builder(LossType.ROBUST).labelSmoothing(0.5).build())
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("labelSmoothing must be in [0, 0.5) for ROBUST, but is: 0.5");
    assertThatThrownBy(() -> DpoLoss.builder(LossType.EXO_PAIR).build())
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "labelSmoothing must be > 0 for EXO_PAIR (the EXO paper suggests 1e-3), but is: 0.0");
  }

  @Test
  void rejects_shapes_that_do_not_match() {
    assertThatThrownBy(
            () ->
                PreferenceLogProbs.builder(f64(new double[] {1, 2, 3}), f64(new double[] {1, 2}))
                    .build())
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("policyRejected shape (2) does not match policyChosen shape (3)");
  }

  @Test
  void rejects_an_empty_batch() {
    assertThatThrownBy(
            () -> PreferenceLogProbs.builder(f64(new double[0]), f64(new double[0])).build())
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("batch must not be empty, but policyChosen has shape: (0)");
  }

  @Test
  void rejects_missing_lengths_for_ipo() {
    PreferenceLogProbs in =
        PreferenceLogProbs.builder(f64(new double[] {-1}), f64(new double[] {-3}))
            .reference(f64(new double[] {-2}), f64(new double[] {-2}))
            .build();

    assertThatThrownBy(() -> DpoLoss.builder(LossType.IPO).build().compute(in))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("IPO needs the response lengths, but the inputs have none: set lengths(...)");
  }

  @Test
  void to_string_prints_every_hyperparameter() {
    assertThat(DpoLoss.builder(LossType.SIGMOID).beta(0.1).build())
        .hasToString(
            "DpoLoss(terms=[SIGMOID*1.0], beta=0.1, labelSmoothing=0.0, fDivergence=REVERSE_KL,"
                + " alphaDivergenceCoefficient=0.5, trlVersion=CURRENT,"
                + " ipoNormalisation=PER_TOKEN_MEAN, referenceMode=MODEL, discopopTau=0.05,"
                + " dynamicBetaWeight=0.0, imageConditionalWeight=0.0, anchorWeight=0.0,"
                + " nonFiniteInputs=THROW)");
  }
}
