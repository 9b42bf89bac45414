package dev.mia.loss.mixing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.mia.loss.DpoLoss;
import dev.mia.loss.LossType;
import dev.mia.loss.PreferenceLogProbs;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MixingTest {
  private NDManager manager;
  private final DpoLoss dpo = DpoLoss.builder(LossType.SIGMOID).beta(1).build();

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  /** A one-pair batch whose margin (Delta) is the given value, with reference 0. */
  private PreferenceLogProbs pair(double delta) {
    NDArray zero = manager.create(new double[] {0});
    return PreferenceLogProbs.builder(manager.create(new double[] {delta}), zero)
        .reference(zero, zero)
        .build();
  }

  private static double softplusNeg(double x) {
    return Math.log1p(Math.exp(-x));
  }

  @Test
  void avg_dpo_mixes_the_two_losses() {
    // 0.5 * softplus(-1) + 0.5 * softplus(-3), from -log sigmoid(x) = log(1 + e^-x).
    NDArray loss = new AvgDpo(dpo, 0.5).compute(pair(1), pair(3));

    assertThat(loss.getDouble())
        .isCloseTo(0.5 * softplusNeg(1) + 0.5 * softplusNeg(3), within(1e-12));
  }

  @Test
  void mixed_dpo_is_reproducible_and_follows_its_probability() {
    MixedDpo mixed = new MixedDpo(dpo, 0.3, 42);
    long offline =
        LongStream.range(0, 10_000).filter(s -> mixed.choice(s) == MixedChoice.OFFLINE).count();

    assertThat(new MixedDpo(dpo, 0.3, 42).choice(17)).isEqualTo(mixed.choice(17));
    assertThat(offline / 10_000.0).isCloseTo(0.3, within(0.03));
  }

  @Test
  void mixed_dpo_trains_on_the_chosen_set() {
    MixedDpo mixed = new MixedDpo(dpo, 0.5, 1);

    assertThat(mixed.compute(pair(1), pair(3), MixedChoice.ONLINE).loss().getDouble())
        .isCloseTo(softplusNeg(3), within(1e-12));
    assertThat(mixed.compute(pair(1), pair(3), MixedChoice.OFFLINE).loss().getDouble())
        .isCloseTo(softplusNeg(1), within(1e-12));
  }

  @Test
  void rejects_a_probability_outside_zero_one() {
    assertThatThrownBy(() -> new MixedDpo(dpo, 1.5, 1))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("probability must be in [0, 1], but is: 1.5");
  }
}
