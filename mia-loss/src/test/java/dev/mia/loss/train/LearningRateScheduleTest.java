package dev.mia.loss.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

  @Test
  void linear_warms_up_then_decays_to_zero_as_hugging_face_linear() {
    LearningRateSchedule linear = LearningRateSchedule.linear(0.5f, 10, 0.2);
    // W = 2 warm-up steps of S = 10: 0, 0.25, then 0.5 * (10 - s) / 8 for s = 2..9, then 0
    float[] expected = {0f, 0.25f, 0.5f, 0.4375f, 0.375f, 0.3125f, 0.25f, 0.1875f, 0.125f, 0.0625f};
    for (int s = 0; s < expected.length; s++) {
      assertThat(linear.rate(s)).as("step " + s).isEqualTo(expected[s]);
    }
    assertThat(linear.rate(10)).isEqualTo(0f);
  }

  @Test
  void cosine_warms_up_then_follows_half_a_cosine_to_zero() {
    LearningRateSchedule cosine = LearningRateSchedule.cosine(1f, 12, 0.25);
    // W = 3: 0, 1/3, 2/3, then 0.5 * (1 + cos(pi * (s - 3) / 9)); s = 3 is the peak, s = 7.5 half
    assertThat(cosine.rate(0)).isEqualTo(0f);
    assertThat(cosine.rate(1)).isEqualTo(1f / 3);
    assertThat(cosine.rate(3)).isEqualTo(1f);
    assertThat(cosine.rate(6)).isCloseTo((float) (0.5 * (1 + Math.cos(Math.PI / 3))), within(0f));
    assertThat(cosine.rate(11)).isCloseTo(0.030153689f, within(1e-7f));
    assertThat(cosine.rate(12)).isEqualTo(0f);
  }

  @Test
  void constant_is_the_same_at_every_step() {
    assertThat(LearningRateSchedule.constant(0.01f).rate(0)).isEqualTo(0.01f);
    assertThat(LearningRateSchedule.constant(0.01f).rate(1000)).isEqualTo(0.01f);
  }

  @Test
  void bad_settings_are_refused() {
    assertThatThrownBy(() -> LearningRateSchedule.linear(0.1f, 5, 1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("warmupShare must be in [0, 1), but is: 1.0");
    assertThatThrownBy(() -> LearningRateSchedule.cosine(0.1f, 0, 0.1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("steps must be >= 1, but is: 0");
    assertThatThrownBy(() -> LearningRateSchedule.constant(Float.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("learning rate must be finite and > 0, but is: NaN");
  }
}
