package dev.mia.loss;

import static dev.mia.core.testing.NDAssertions.assertAllClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The behaviours that differ between TRL 0.24.0 and TRL 1.x (1.10.0.dev0, commit f2cd577), each
 * from the formula as that version's {@code dpo_trainer.py} has it, evaluated in plain doubles.
 */
class TrlVersionsTest {
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

  private PreferenceLogProbs pair(double pc, double pr, double rc, double rr) {
    return PreferenceLogProbs.builder(f64(pc), f64(pr)).reference(f64(rc), f64(rr)).build();
  }

  @Test
  void current_sigmoid_ignores_label_smoothing_as_trl_1x_does() {
    // rho_c = 0.5, rho_r = -0.3, beta 0.1: TRL 1.x -log sig(0.08); TRL 0.24 cDPO at eps 0.1
    // 0.9 * -log sig(0.08) + 0.1 * -log sig(-0.08).
    PreferenceLogProbs in = pair(-1.5, -2.3, -2.0, -2.0);
    double current =
        DpoLoss.builder(LossType.SIGMOID).labelSmoothing(0.1).build().compute(in).lossValue();
    double legacy =
        DpoLoss.builder(LossType.SIGMOID)
            .trlVersion(TrlVersion.LEGACY_0_24)
            .labelSmoothing(0.1)
            .build()
            .compute(in)
            .lossValue();

    assertThat(current).isCloseTo(-Reference.logSigmoid(0.08), within(1e-15));
    assertThat(legacy).isCloseTo(Reference.conservative(0.08, 0.1), within(1e-15));
    assertThat(legacy).isNotCloseTo(current, within(1e-3));
  }

  @Test
  void current_forward_kl_is_uncapped_as_trl_1x_and_legacy_caps_it() {
    // rho_c = -100: TRL 1.x score -exp(100) = -2.688e43 (float64); legacy caps at -exp(80).
    PreferenceLogProbs in = pair(-101, -1, -1, -1);
    DpoOutput current =
        DpoLoss.builder(LossType.HINGE).fDivergence(FDivergence.FORWARD_KL).build().compute(in);
    DpoOutput legacy =
        DpoLoss.builder(LossType.HINGE)
            .fDivergence(FDivergence.FORWARD_KL)
            .trlVersion(TrlVersion.LEGACY_0_24)
            .build()
            .compute(in);

    // hinge = relu(1 - 0.1 * (-exp(-rho_c) + exp(-rho_r))) with rho_r = 0.
    assertThat(current.lossValue())
        .isCloseTo(1 - 0.1 * (-Math.exp(100) + 1), within(Math.exp(100) * 1e-14));
    assertThat(legacy.lossValue())
        .isCloseTo(1 - 0.1 * (-Math.exp(80) + 1), within(Math.exp(80) * 1e-14));
  }

  @Test
  void label_smoothing_above_one_half_is_refused_only_for_robust_and_exo() {
    // TRL 1.x checks only robust (a warning) and exo_pair (eps == 0); AOT takes any eps.
    for (LossType type : new LossType[] {LossType.AOT, LossType.AOT_PAIR, LossType.SIGMOID}) {
      assertThat(DpoLoss.builder(type).labelSmoothing(0.7).build().labelSmoothing()).isEqualTo(0.7);
    }
    assertThatThrownBy(() -> DpoLoss.builder(LossType.ROBUST).labelSmoothing(0.7).build())
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("labelSmoothing must be in [0, 0.5) for ROBUST, but is: 0.7");
    assertThatThrownBy(() -> DpoLoss.builder(LossType.EXO_PAIR).labelSmoothing(0.7).build())
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("labelSmoothing must be in (0, 0.5] for EXO_PAIR, but is: 0.7");
  }

  @Test
  void aot_applies_label_smoothing_above_one_half_as_trl_1x() {
    // One pair: AOT's delta = (pc - pr) - (rc - rr) = 0.8; -(1-0.7) log sig(0.08) - 0.7 log
    // sig(-0.08).
    double loss =
        DpoLoss.builder(LossType.AOT)
            .labelSmoothing(0.7)
            .build()
            .compute(pair(-1.5, -2.3, -2.0, -2.0))
            .lossValue();

    assertThat(loss).isCloseTo(Reference.conservative(0.08, 0.7), within(1e-15));
  }

  @Test
  void legacy_exo_turns_zero_smoothing_into_one_thousandth_as_trl_0_24() {
    DpoLoss legacy = DpoLoss.builder(LossType.EXO_PAIR).trlDefaults(TrlVersion.LEGACY_0_24).build();
    double l = 0.1 * 0.8;
    double eps = 1e-3;
    double expected =
        Reference.sigmoid(l) * (Reference.logSigmoid(l) - Math.log(1 - eps))
            + Reference.sigmoid(-l) * (Reference.logSigmoid(-l) - Math.log(eps));

    assertThat(legacy.exoLabelSmoothing()).isEqualTo(1e-3);
    assertThat(legacy.compute(pair(-1.5, -2.3, -2.0, -2.0)).lossValue())
        .isCloseTo(expected, within(1e-15));
    assertThatThrownBy(
            () -> DpoLoss.builder(LossType.EXO_PAIR).trlDefaults(TrlVersion.CURRENT).build())
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "labelSmoothing must be > 0 for EXO_PAIR (the EXO paper suggests 1e-3), but is: 0.0");
  }

  @Test
  void trl_defaults_reset_every_setting_to_that_versions_config() {
    DpoLoss legacy =
        DpoLoss.builder(LossType.SIGMOID)
            .beta(0.5)
            .labelSmoothing(0.2)
            .fDivergence(FDivergence.JS_DIVERGENCE)
            .ipoNormalisation(IpoNormalisation.NONE)
            .referenceMode(ReferenceMode.NONE)
            .anchorWeight(1)
            .trlDefaults(TrlVersion.LEGACY_0_24)
            .build();
    DpoLoss current = DpoLoss.builder(LossType.SIGMOID).trlDefaults(TrlVersion.CURRENT).build();

    assertThat(legacy.toString())
        .isEqualTo(
            "DpoLoss(terms=[SIGMOID*1.0], beta=0.1, labelSmoothing=0.0, fDivergence=REVERSE_KL,"
                + " alphaDivergenceCoefficient=1.0, trlVersion=LEGACY_0_24,"
                + " ipoNormalisation=PER_TOKEN_MEAN, referenceMode=MODEL, discopopTau=0.05,"
                + " dynamicBetaWeight=0.0, imageConditionalWeight=0.0, anchorWeight=0.0,"
                + " nonFiniteInputs=THROW)");
    assertThat(current.alphaDivergenceCoefficient()).isEqualTo(0.5);
    assertThat(current.trlVersion()).isEqualTo(TrlVersion.CURRENT);
  }

  @Test
  void trl_names_of_both_versions() {
    assertThat(LossType.AOT_PAIR.trlName(TrlVersion.CURRENT)).isEqualTo("aot_unpaired");
    assertThat(LossType.AOT_PAIR.trlName(TrlVersion.LEGACY_0_24)).isEqualTo("aot_pair");
    assertThat(LossType.fromTrlName("aot_unpaired")).isEqualTo(LossType.AOT_PAIR);
    assertThat(LossType.fromTrlName("aot_pair")).isEqualTo(LossType.AOT_PAIR);
    assertThat(LossType.fromTrlName("aot_unpaired", TrlVersion.CURRENT))
        .isEqualTo(LossType.AOT_PAIR);
    assertThat(LossType.fromTrlName("aot_pair", TrlVersion.LEGACY_0_24))
        .isEqualTo(LossType.AOT_PAIR);
    assertThat(LossType.fromTrlName("sigmoid_norm", TrlVersion.CURRENT))
        .isEqualTo(LossType.SIGMOID_NORM);
    assertThatThrownBy(() -> LossType.fromTrlName("aot_pair", TrlVersion.CURRENT))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "TRL 1.x has no loss_type 'aot_pair'; it knows: [sigmoid, hinge, ipo, robust,"
                + " exo_pair, nca_pair, bco_pair, sppo_hard, aot, aot_unpaired, apo_zero,"
                + " apo_down, discopop, sigmoid_norm, sft]");
    assertThatThrownBy(() -> LossType.fromTrlName("sigmoid_norm", TrlVersion.LEGACY_0_24))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("TRL 0.24 has no loss_type 'sigmoid_norm'");
    assertThatThrownBy(() -> LossType.fromTrlName("kto_pair"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown TRL loss_type: 'kto_pair'");
  }

  @ParameterizedTest
  @EnumSource(LossType.class)
  void every_type_round_trips_through_its_trl_name(LossType type) {
    assertThat(LossType.fromTrlName(type.trlName(TrlVersion.CURRENT), TrlVersion.CURRENT))
        .isEqualTo(type);
    assertThat(LossType.fromTrlName(type.trlName())).isEqualTo(type);
  }

  @ParameterizedTest
  @EnumSource(FDivergence.class)
  void f_divergences_have_trl_names(FDivergence divergence) {
    assertThat(FDivergence.fromTrlName(divergence.trlName())).isEqualTo(divergence);
    assertThat(FDivergence.JS_DIVERGENCE.trlName()).isEqualTo("js_divergence");
    assertThatThrownBy(() -> FDivergence.fromTrlName("kl"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "unknown TRL f_divergence_type: 'kl'; known: [reverse_kl, forward_kl,"
                + " js_divergence, alpha_divergence]");
  }

  @Test
  void per_pair_values_are_readable_on_the_host_from_float32() {
    NDArray pc = f64(-1, -2).toType(DataType.FLOAT32, false);
    NDArray pr = f64(-3, -1).toType(DataType.FLOAT32, false);
    NDArray ref = f64(-2, -2).toType(DataType.FLOAT32, false);
    DpoOutput out =
        DpoLoss.builder(LossType.SIGMOID)
            .build()
            .compute(PreferenceLogProbs.builder(pc, pr).reference(ref, ref).build());

    assertThat(out.chosenRewardValues()).containsExactly(new double[] {0.1, 0}, within(1e-7));
    assertThat(out.rejectedRewardValues()).containsExactly(new double[] {-0.1, 0.1}, within(1e-7));
    assertThat(out.marginValues()).containsExactly(new double[] {0.2, -0.1}, within(1e-7));
    assertThat(out.perPairLossValues())
        .containsExactly(
            new double[] {-Reference.logSigmoid(0.2), -Reference.logSigmoid(-0.1)}, within(1e-7));
  }

  @Test
  void reference_free_loss_ignores_the_reference_but_rewards_use_it() {
    // Loss: rho = policy log-probs, -log sig(0.1 * (-10.2 + 11.0)); rewards 0.1 * (pc - rc).
    DpoOutput out =
        DpoLoss.builder(LossType.SIGMOID)
            .referenceMode(ReferenceMode.NONE)
            .build()
            .compute(pair(-10.2, -11.0, -10.5, -10.9));

    assertThat(out.lossValue()).isCloseTo(-Reference.logSigmoid(0.08), within(1e-12));
    assertAllClose(out.chosenRewards(), new double[] {0.1 * (-10.2 + 10.5)}, 1e-12, 0);
    assertAllClose(out.rejectedRewards(), new double[] {0.1 * (-11.0 + 10.9)}, 1e-12, 0);
    assertAllClose(out.margins(), new double[] {0.1 * 0.3 - 0.1 * -0.1}, 1e-12, 0);
    assertThat(out.accuracy().getDouble()).isEqualTo(1.0);
  }

  @Test
  void reference_free_without_reference_rewards_the_policy_log_probs() {
    DpoOutput out =
        DpoLoss.builder(LossType.SIGMOID)
            .referenceMode(ReferenceMode.NONE)
            .build()
            .compute(PreferenceLogProbs.builder(f64(-10.2), f64(-11.0)).build());

    assertAllClose(out.chosenRewards(), new double[] {0.1 * -10.2}, 1e-12, 0);
    assertAllClose(out.rejectedRewards(), new double[] {0.1 * -11.0}, 1e-12, 0);
  }

  @Test
  void legacy_reference_free_keeps_the_reference_in_the_raw_ratio_losses_as_trl_0_24() {
    // TRL 0.24's dpo_loss zeroes the reference only in the logits: its nca_pair and sppo_hard
    // recompute chosen_logps - ref_chosen_logps. rho_c = 0.3, rho_r = -0.1, beta 0.1.
    PreferenceLogProbs in = pair(-10.2, -11.0, -10.5, -10.9);
    double nca =
        DpoLoss.builder(LossType.NCA_PAIR)
            .trlVersion(TrlVersion.LEGACY_0_24)
            .referenceMode(ReferenceMode.NONE)
            .build()
            .compute(in)
            .lossValue();
    double ncaCurrent =
        DpoLoss.builder(LossType.NCA_PAIR)
            .referenceMode(ReferenceMode.NONE)
            .build()
            .compute(in)
            .lossValue();

    double c = 0.1 * 0.3;
    double r = 0.1 * -0.1;
    assertThat(nca)
        .isCloseTo(
            -Reference.logSigmoid(c)
                - 0.5 * Reference.logSigmoid(-c)
                - 0.5 * Reference.logSigmoid(-r),
            within(1e-12));
    double cFree = 0.1 * -10.2;
    double rFree = 0.1 * -11.0;
    assertThat(ncaCurrent)
        .isCloseTo(
            -Reference.logSigmoid(cFree)
                - 0.5 * Reference.logSigmoid(-cFree)
                - 0.5 * Reference.logSigmoid(-rFree),
            within(1e-12));
  }

  @Test
  void legacy_ipo_feeds_the_whole_batch_as_per_token_means_as_trl_0_24() {
    // TRL 0.24 divides every log-prob by its length when "ipo" is a loss type: lengths 4 and 2,
    // pc/4 = -0.5, pr/2 = -1.5, rc/4 = -0.6, rr/2 = -1.25: rho_c = 0.1, rho_r = -0.25.
    // IPO: (0.35 - 1/(2*0.5))^2 = 0.4225; the sigmoid term sees the same means: -log sig(0.175);
    // rewards 0.5 * rho. TRL 1.x normalises inside IPO only: rewards from the sums.
    PreferenceLogProbs in =
        PreferenceLogProbs.builder(f64(-2.0), f64(-3.0))
            .reference(f64(-2.4), f64(-2.5))
            .lengths(f64(4), f64(2))
            .build();
    java.util.List<LossTerm> terms =
        java.util.List.of(LossTerm.of(LossType.IPO, 1), LossTerm.of(LossType.SIGMOID, 1));
    DpoOutput legacy =
        DpoLoss.builder(terms).trlDefaults(TrlVersion.LEGACY_0_24).beta(0.5).build().compute(in);
    DpoOutput current =
        DpoLoss.builder(terms).trlDefaults(TrlVersion.CURRENT).beta(0.5).build().compute(in);

    assertThat(legacy.lossValue())
        .isCloseTo(0.4225 - Reference.logSigmoid(0.5 * 0.35), within(1e-14));
    // Legacy rewards: two terms of weight 1 each add 0.5 * 0.1 (see the loss-list test).
    assertThat(legacy.chosenRewardValues()[0]).isCloseTo(2 * 0.05, within(1e-15));
    assertThat(current.lossValue())
        .isCloseTo(0.4225 - Reference.logSigmoid(0.5 * (0.4 + 0.5)), within(1e-14));
    assertThat(current.chosenRewardValues()[0]).isCloseTo(0.2, within(1e-15));
  }

  @Test
  void legacy_bco_counts_each_batch_once_whatever_its_size() {
    // TRL 0.24 passes RunningMoments a 0-d batch mean: batches of 1 and 3 pairs weigh the same.
    // Batch 1: rewards 0.1 * {1, -1}, mean 0. Batch 2: rewards 0.1 * {3, 1, 2, 0, 1, 1}: mean
    // 0.1333...; delta = float32(0.1333f / 2f).
    DpoLoss bco = DpoLoss.builder(LossType.BCO_PAIR).trlDefaults(TrlVersion.LEGACY_0_24).build();
    bco.compute(pair(-1, -3, -2, -2));
    bco.compute(
        PreferenceLogProbs.builder(f64(1, 0, -1), f64(-1, -2, -1))
            .reference(f64(-2, -2, -2), f64(-2, -2, -2))
            .build());

    float batchMean = (float) ((0.1 * 3 + 0.1 * 1 + 0.1 * 2 + 0 + 0.1 * 1 + 0.1 * 1) / 6);
    assertThat(bco.bcoRunningMean().mean()).isCloseTo(batchMean / 2f, within(1e-9));
    assertThat(bco.bcoRunningMean().mean()).isNotCloseTo((2 * 0 + 6 * batchMean) / 8, within(1e-3));
  }

  @Test
  void legacy_alpha_divergence_caps_the_exponent_at_80_where_trl_0_24_caps_at_its_dtype_limit() {
    // Documented departure: rho_c = -85, alpha 1: TRL 0.24 -exp(85) (cap 709.7827 in float64),
    // mia -exp(80). Hinge relu(1 - 0.1 * (s_c - s_r)) with s_r = -exp(0) = -1.
    double loss =
        DpoLoss.builder(LossType.HINGE)
            .trlDefaults(TrlVersion.LEGACY_0_24)
            .fDivergence(FDivergence.ALPHA_DIVERGENCE)
            .build()
            .compute(pair(-86, -1, -1, -1))
            .lossValue();

    assertThat(loss).isCloseTo(1 - 0.1 * (-Math.exp(80) + 1), within(Math.exp(80) * 1e-14));
  }

  @Test
  void legacy_rewards_of_a_loss_list_are_scaled_by_the_non_sft_weights_as_trl_0_24() {
    // rho_c = 0.5: TRL 0.24 sums rewards * weight per term (SFT's are 0): MPO's 0.8 + 0.2 -> 1.0;
    // a lone sigmoid at weight 0.5 -> 0.5 * 0.1 * 0.5; TRL 1.x always 0.1 * 0.5.
    PreferenceLogProbs in = pair(-1.5, -2.3, -2.0, -2.0);
    java.util.List<LossTerm> half = java.util.List.of(LossTerm.of(LossType.SIGMOID, 0.5));
    java.util.List<LossTerm> mpo =
        java.util.List.of(LossTerm.of(LossType.SIGMOID, 0.8), LossTerm.of(LossType.HINGE, 0.2));

    assertThat(
            DpoLoss.builder(half)
                .trlVersion(TrlVersion.LEGACY_0_24)
                .build()
                .compute(in)
                .chosenRewardValues()[0])
        .isCloseTo(0.025, within(1e-15));
    assertThat(
            DpoLoss.builder(mpo)
                .trlVersion(TrlVersion.LEGACY_0_24)
                .build()
                .compute(in)
                .chosenRewardValues()[0])
        .isCloseTo(0.05, within(1e-15));
    assertThat(DpoLoss.builder(half).build().compute(in).chosenRewardValues()[0])
        .isCloseTo(0.05, within(1e-15));
  }
}
