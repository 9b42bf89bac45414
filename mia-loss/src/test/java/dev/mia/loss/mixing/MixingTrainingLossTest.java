package dev.mia.loss.mixing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.mia.loss.DpoLoss;
import dev.mia.loss.LossType;
import dev.mia.loss.PreferenceLogProbs;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MixingTrainingLossTest {
  private final DpoLoss dpo = DpoLoss.builder(LossType.SIGMOID).beta(0.5).build();
  private final NDManager manager = NDManager.newBaseManager();

  @AfterEach
  void closeManager() {
    manager.close();
  }

  private NDArray v(double... values) {
    return manager.create(values);
  }

  @Test
  void avg_dpo_evaluate_equals_compute_with_pair_weights() {
    NDArray chosen = v(-3, -5);
    NDArray rejected = v(-4, -4.5);
    NDArray bootstrapped = v(-2.5, -7);
    NDArray refChosen = v(-3.5, -5.5);
    NDArray refRejected = v(-3.75, -4);
    NDArray refBootstrapped = v(-3, -6);
    NDArray weights = v(0.25, 2);
    AvgDpo avg = new AvgDpo(dpo, 0.7);

    NDArray evaluated =
        new AvgDpoTrainingLoss(avg)
            .evaluate(
                new NDList(refChosen, refRejected, refBootstrapped, weights),
                new NDList(chosen, rejected, bootstrapped));
    NDArray computed =
        avg.compute(
            PreferenceLogProbs.builder(chosen, rejected)
                .reference(refChosen, refRejected)
                .pairWeights(weights)
                .build(),
            PreferenceLogProbs.builder(chosen, bootstrapped)
                .reference(refChosen, refBootstrapped)
                .pairWeights(weights)
                .build());

    assertThat(evaluated.getDouble()).isEqualTo(computed.getDouble());
    // By hand: margins 0.5 * ((-3 + 3.5) - (-4 + 3.75)) = 0.375 and 0.5 * (0.5 + 0.5) = 0.5
    // (external), 0.5 * (0.5 - 0.5) = 0 and 0.5 * (0.5 + 1) = 0.75 (bootstrapped); per-pair loss
    // log(1 + e^-m) weighted and averaged over the two pairs.
    double external = (0.25 * softplusNeg(0.375) + 2 * softplusNeg(0.5)) / 2;
    double boot = (0.25 * softplusNeg(0) + 2 * softplusNeg(0.75)) / 2;
    assertThat(evaluated.getDouble()).isCloseTo(0.7 * external + 0.3 * boot, within(1e-12));
  }

  private static double softplusNeg(double x) {
    return Math.log1p(Math.exp(-x));
  }

  @Test
  void mixed_dpo_evaluate_equals_compute_at_every_step() {
    MixedDpo mixed = new MixedDpo(dpo, 0.5, 7);
    MixedDpoTrainingLoss adapter = new MixedDpoTrainingLoss(mixed);
    NDArray[] policy = {v(-1, -2), v(-3, -2.5), v(-6), v(-5)};
    NDArray[] reference = {v(-1.5, -2), v(-2, -2), v(-5), v(-5.5)};
    Set<MixedChoice> seen = EnumSet.noneOf(MixedChoice.class);

    for (long step = 0; step < 8; step++) {
      NDArray evaluated =
          adapter.evaluate(
              new NDList(reference[0], reference[1], reference[2], reference[3], stepArray(step)),
              new NDList(policy));
      double computed =
          mixed
              .compute(
                  PreferenceLogProbs.builder(policy[0], policy[1])
                      .reference(reference[0], reference[1])
                      .build(),
                  PreferenceLogProbs.builder(policy[2], policy[3])
                      .reference(reference[2], reference[3])
                      .build(),
                  step)
              .loss()
              .getDouble();
      assertThat(evaluated.getDouble()).as("step %d", step).isEqualTo(computed);
      seen.add(mixed.choice(step));
    }
    assertThat(seen).containsExactlyInAnyOrder(MixedChoice.OFFLINE, MixedChoice.ONLINE);
  }

  private NDArray stepArray(long step) {
    return manager.create(step);
  }

  @Test
  void mixed_dpo_rejects_a_floating_point_step() {
    NDArray x = v(-1.0);

    assertThatThrownBy(
            () ->
                new MixedDpoTrainingLoss(new MixedDpo(dpo, 0.5, 7))
                    .evaluate(new NDList(x, x, x, x, v(2.0)), new NDList(x, x, x, x)))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "labels[4] must be the step as one integer, but has shape (1) and data type float64");
  }

  @Test
  void avg_dpo_rejects_missing_prediction_slots() {
    NDArray x = v(-1.0);

    assertThatThrownBy(
            () ->
                new AvgDpoTrainingLoss(new AvgDpo(dpo, 0.5))
                    .evaluate(new NDList(x, x, x), new NDList(x, x)))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "predictions need [policyChosen, policyRejected, policyBootstrapped] and labels"
                + " [referenceChosen, referenceRejected, referenceBootstrapped], but have 2 and 3"
                + " arrays");
  }
}
