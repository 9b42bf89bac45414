package dev.mia.loss;

import static dev.mia.core.testing.NDAssertions.doubles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.mia.core.NonFiniteValueException;
import dev.mia.core.tensor.PerTokenLogProbs;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Issue 18, item 6: NaN or infinite loss inputs are named, not silently propagated. */
@ResourceLock("djl-gradient-collector")
class NonFiniteInputsTest {
  private static final String OPT_OUT =
      " (DpoLoss.Builder.nonFiniteInputs(PROPAGATE) turns this check off)";

  private NDManager manager;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  private NDArray f32(double... values) {
    return manager.create(values).toType(DataType.FLOAT32, false);
  }

  private static DpoLoss sigmoid() {
    return DpoLoss.builder(LossType.SIGMOID).build();
  }

  @Test
  void nan_policy_log_prob_names_the_pair_and_the_input() {
    PreferenceLogProbs in =
        PreferenceLogProbs.builder(f32(-1, Double.NaN, -2), f32(-3, -3, -3))
            .reference(f32(-2, -2, -2), f32(-2, -2, -2))
            .build();

    assertThatThrownBy(() -> sigmoid().compute(in))
        .isExactlyInstanceOf(NonFiniteValueException.class)
        .hasMessage("pair 1: policyChosen is NaN" + OPT_OUT);
  }

  @Test
  void infinite_reference_log_prob_names_the_pair_and_the_input() {
    PreferenceLogProbs in =
        PreferenceLogProbs.builder(f32(-1, -1), f32(-3, -3))
            .reference(f32(-2, -2), f32(-2, Double.NEGATIVE_INFINITY))
            .build();

    assertThatThrownBy(() -> sigmoid().compute(in))
        .isExactlyInstanceOf(NonFiniteValueException.class)
        .hasMessage("pair 1: referenceRejected is -Infinity" + OPT_OUT);
  }

  @Test
  void nan_pair_weight_names_the_pair() {
    PreferenceLogProbs in =
        PreferenceLogProbs.builder(f32(-1, -1), f32(-3, -3))
            .reference(f32(-2, -2), f32(-2, -2))
            .pairWeights(f32(Double.NaN, 1))
            .build();

    assertThatThrownBy(() -> sigmoid().compute(in))
        .isExactlyInstanceOf(NonFiniteValueException.class)
        .hasMessage("pair 0: pairWeights is NaN" + OPT_OUT);
  }

  @Test
  void counted_non_finite_sft_token_is_named_and_masked_ones_are_not() {
    NDArray mask = manager.create(new float[] {1, 0, 1, 1}, new Shape(2, 2));
    DpoLoss withSft =
        DpoLoss.builder(
                java.util.List.of(LossTerm.of(LossType.SIGMOID, 1), LossTerm.of(LossType.SFT, 1)))
            .build();
    PreferenceLogProbs.Builder base =
        PreferenceLogProbs.builder(f32(-1, -1), f32(-3, -3)).reference(f32(-2, -2), f32(-2, -2));
    NDArray maskedInfinity = f32(-1, Double.NEGATIVE_INFINITY, -1, -1).reshape(new Shape(2, 2));
    NDArray countedInfinity =
        f32(-1, Double.NEGATIVE_INFINITY, -1, Double.POSITIVE_INFINITY).reshape(new Shape(2, 2));

    double fine =
        withSft
            .compute(base.chosenTokens(new PerTokenLogProbs(maskedInfinity, mask)).build())
            .lossValue();
    assertThat(fine).isFinite();
    assertThatThrownBy(
            () ->
                withSft.compute(
                    base.chosenTokens(new PerTokenLogProbs(countedInfinity, mask)).build()))
        .isExactlyInstanceOf(NonFiniteValueException.class)
        .hasMessage("pair 1: chosenTokens is Infinity at token 1" + OPT_OUT);
  }

  @Test
  void finite_inputs_whose_sum_overflows_are_not_reported() {
    // 3e38 + 3e38 overflows float32: the fast path's sum is infinite, the exact check finds no
    // non-finite element, and compute goes on.
    PreferenceLogProbs in =
        PreferenceLogProbs.builder(f32(-3e38, -3e38), f32(-3e38, -3e38))
            .reference(f32(-3e38, -3e38), f32(-3e38, -3e38))
            .build();

    assertThat(sigmoid().compute(in).perPairLossValues()).hasSize(2);
  }

  @Test
  void propagate_opts_out_and_gives_nan() {
    PreferenceLogProbs in =
        PreferenceLogProbs.builder(f32(-1, Double.NaN), f32(-3, -3))
            .reference(f32(-2, -2), f32(-2, -2))
            .build();

    DpoOutput out =
        DpoLoss.builder(LossType.SIGMOID)
            .nonFiniteInputs(NonFiniteInputs.PROPAGATE)
            .build()
            .compute(in);

    assertThat(out.lossValue()).isNaN();
    assertThat(out.perPairLossValues()[0]).isFinite();
  }

  @Test
  void the_djl_adapter_checks_too() {
    DpoTrainingLoss adapter = new DpoTrainingLoss(sigmoid());
    ai.djl.ndarray.NDList predictions =
        new ai.djl.ndarray.NDList(f32(-1, -1), f32(Double.POSITIVE_INFINITY, -3));
    ai.djl.ndarray.NDList labels = new ai.djl.ndarray.NDList(f32(-2, -2), f32(-2, -2));

    assertThatThrownBy(() -> adapter.evaluate(labels, predictions))
        .isExactlyInstanceOf(NonFiniteValueException.class)
        .hasMessage("pair 0: policyRejected is Infinity" + OPT_OUT);
  }

  /**
   * IPO and SPPO square the (per-token) score difference; with the capped exponential f-divergences
   * a log-ratio of -1e4 gives a score of about -5.5e34, whose square overflows float32 unless
   * clipped. Loss and gradients must stay finite at +-1e4 in float32.
   */
  @ParameterizedTest
  @EnumSource(
      value = FDivergence.class,
      names = {"REVERSE_KL", "JS_DIVERGENCE", "ALPHA_DIVERGENCE", "FORWARD_KL"})
  void ipo_and_sppo_squares_stay_finite_at_ten_thousand_in_float32(FDivergence divergence) {
    for (LossType type : new LossType[] {LossType.IPO, LossType.SPPO_HARD}) {
      for (double sign : new double[] {1, -1}) {
        // FORWARD_KL is uncapped under CURRENT (TRL 1.x), so its finite form is the legacy one.
        TrlVersion version =
            divergence == FDivergence.FORWARD_KL ? TrlVersion.LEGACY_0_24 : TrlVersion.CURRENT;
        NDArray pc = f32(sign * 1e4, -sign * 1e4);
        NDArray pr = f32(-sign * 1e4, sign * 1e4);
        NDArray zero = f32(0, 0);
        pc.setRequiresGradient(true);
        pr.setRequiresGradient(true);
        NDArray loss;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          loss =
              DpoLoss.builder(type)
                  .fDivergence(divergence)
                  .trlVersion(version)
                  .build()
                  .compute(
                      PreferenceLogProbs.builder(pc, pr)
                          .reference(zero, zero)
                          .lengths(f32(1, 1), f32(1, 1))
                          .build())
                  .loss();
          gc.backward(loss);
        }
        String what = type + " " + divergence + " " + sign;
        assertThat(Arrays.stream(doubles(loss)).allMatch(Double::isFinite)).as(what).isTrue();
        assertThat(Arrays.stream(doubles(pc.getGradient())).allMatch(Double::isFinite))
            .as(what)
            .isTrue();
        assertThat(Arrays.stream(doubles(pr.getGradient())).allMatch(Double::isFinite))
            .as(what)
            .isTrue();
      }
    }
  }
}
