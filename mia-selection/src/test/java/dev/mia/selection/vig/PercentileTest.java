package dev.mia.selection.vig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PercentileTest {

  @Test
  void interpolates_linearly_between_order_statistics() {
    double[] values = {5, 1, 4, 2, 3};
    // h = (5 - 1) * 0.3 = 1.2: x1 + 0.2 (x2 - x1) = 2 + 0.2 = 2.2 (numpy.percentile gives 2.2).
    assertThat(Percentile.of(values, 30)).isCloseTo(2.2, within(1e-12));
    assertThat(Percentile.of(values, 50)).isEqualTo(3.0);
    assertThat(Percentile.of(values, 0)).isEqualTo(1.0);
    assertThat(Percentile.of(values, 100)).isEqualTo(5.0);
    // h = 0.25: 10 + 0.25 * 10 = 12.5.
    assertThat(Percentile.of(new double[] {20, 10}, 25)).isEqualTo(12.5);
    assertThat(Percentile.of(new double[] {7}, 42)).isEqualTo(7.0);
    // Ties and negatives: sorted -1, -1, 0, 2; h = 3 * 0.7 = 2.1: 0 + 0.1 * 2 = 0.2.
    assertThat(Percentile.of(new double[] {2, -1, 0, -1}, 70)).isCloseTo(0.2, within(1e-12));
    assertThat(values).containsExactly(5, 1, 4, 2, 3);
  }

  @Test
  void rejects_empty_nan_and_out_of_range_input() {
    assertThatThrownBy(() -> Percentile.of(new double[0], 50))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("values must not be empty");
    assertThatThrownBy(() -> Percentile.of(new double[] {1, Double.NaN}, 50))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("values must not be NaN, but value 1 is");
    assertThatThrownBy(() -> Percentile.of(new double[] {1, Double.NEGATIVE_INFINITY}, 50))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("values must be finite, but value 1 is -Infinity");
    assertThatThrownBy(() -> Percentile.of(new double[] {1}, 100.5))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("percent must be in [0, 100], but is: 100.5");
  }
}
