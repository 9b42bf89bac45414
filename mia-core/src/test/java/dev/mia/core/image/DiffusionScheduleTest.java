package dev.mia.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DiffusionScheduleTest {
  private static final DiffusionSchedule BPO = DiffusionSchedule.BPO;

  @Test
  void alpha_bar_matches_an_independent_python_computation() {
    // Python 3, float64: b = [1/(1+math.exp(-(-6+12*i/999)))*(5e-3-1e-5)+1e-5 for i in
    // range(1000)], then a running product of (1 - b[i]), printed with repr().
    assertThat(BPO.alphaBar(0)).isCloseTo(0.9999776616104484, within(1e-13));
    assertThat(BPO.alphaBar(1)).isCloseTo(0.9999551749937398, within(1e-13));
    assertThat(BPO.alphaBar(500)).isCloseTo(0.7447985260430766, within(1e-13));
    assertThat(BPO.alphaBar(900)).isCloseTo(0.13314316195394763, within(1e-13));
    assertThat(BPO.alphaBar(999)).isCloseTo(0.0812491943039999, within(1e-13));
    assertThat(BPO.beta(0)).isCloseTo(2.2338389551607526e-05, within(1e-17));
    assertThat(BPO.beta(999)).isCloseTo(0.004987661610448393, within(1e-15));
  }

  @Test
  void alpha_bar_matches_a_log_space_sum_written_differently() {
    // alphaBar_t = exp(sum_{s<=t} log1p(-beta_s)), sigmoid written as e^x / (1 + e^x) and the
    // linspace as -6 + s * (12 / 999).
    double logSum = 0;
    for (int s = 0; s < 1000; s++) {
      double x = -6 + s * (12.0 / 999);
      double sigmoid = Math.exp(x) / (1 + Math.exp(x));
      logSum += Math.log1p(-(1e-5 + (5e-3 - 1e-5) * sigmoid));
      assertThat(BPO.alphaBar(s)).as("step %d", s).isCloseTo(Math.exp(logSum), within(1e-12));
    }
  }

  @Test
  void alpha_bar_decreases_strictly() {
    for (int t = 1; t < BPO.steps(); t++) {
      assertThat(BPO.alphaBar(t)).isLessThan(BPO.alphaBar(t - 1));
    }
    assertThat(BPO.steps()).isEqualTo(1000);
  }

  @Test
  void rejects_steps_out_of_range() {
    assertThatThrownBy(() -> BPO.alphaBar(1000))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("step must be in [0, 999], but is: 1000");
    assertThatThrownBy(() -> BPO.beta(-1))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("step must be in [0, 999], but is: -1");
  }

  @Test
  void to_string_prints_the_schedule() {
    assertThat(BPO)
        .hasToString(
            "DiffusionSchedule(steps=1000, beta=sigmoid(linspace(-6, 6))*(0.005-1.0E-5)+1.0E-5)");
  }
}
