package dev.mia.core.image;

import static dev.mia.core.image.ResizeTest.flat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

class DiffusionNoiseTest {
  @Test
  void step_zero_is_nearly_the_identity() {
    BufferedImage img = ImageLoaderTest.noisyImage(64, 64);

    BufferedImage out = DiffusionNoise.of(0).apply(img, 5);

    // alphaBar_0 = 0.99998: the noise std is 127.5 * sqrt(2.2338e-5) = 0.60 pixel units, so no
    // pixel moves by more than 4 (6.6 std; 12288 draws) and on average by about 0.4.
    int[] a = Pixels.rgb(img);
    int[] b = Pixels.rgb(out);
    long totalDiff = 0;
    for (int i = 0; i < a.length; i++) {
      for (int shift = 16; shift >= 0; shift -= 8) {
        int d = Math.abs((a[i] >>> shift & 0xFF) - (b[i] >>> shift & 0xFF));
        assertThat(d).isLessThanOrEqualTo(4);
        totalDiff += d;
      }
    }
    assertThat((double) totalDiff / (3 * a.length)).isLessThan(0.6);
  }

  @Test
  void bpo_step_matches_the_clipped_gaussian_moments() {
    assertMomentsMatch(DiffusionNoise.BPO_STEP, 200);
  }

  @Test
  void last_step_keeps_28_percent_of_the_signal() {
    // alphaBar_999 = 0.0812: BPO's schedule never reaches pure noise.
    assertThat(DiffusionNoise.of(999).signalScale()).isCloseTo(0.2850424429870048, within(1e-12));
    assertMomentsMatch(999, 30);
  }

  @Test
  void bdhs_step_matches_the_clipped_gaussian_moments() {
    assertMomentsMatch(DiffusionNoise.BDHS_STEP, 60);
  }

  /**
   * Compares the sample mean and std of a noised flat image with the exact moments of {@code
   * clamp(round(m + s Z), 0, 255)}, where {@code m = 127.5 (1 + sqrt(abar) (v / 127.5 - 1))} and
   * {@code s = 127.5 sqrt(1 - abar)}: {@code P(k) = Phi((k + 0.5 - m) / s) - Phi((k - 0.5 - m) /
   * s)} for 0 < k < 255, with the tails folded into 0 and 255. abar comes from the Python values of
   * DiffusionScheduleTest's golden test, recomputed here as a log-space sum.
   */
  private static void assertMomentsMatch(int step, int value) {
    double logSum = 0;
    for (int t = 0; t <= step; t++) {
      double sigmoid = 1 / (1 + Math.exp(6 - t * (12.0 / 999)));
      logSum += Math.log1p(-(1e-5 + (5e-3 - 1e-5) * sigmoid));
    }
    double abar = Math.exp(logSum);
    double m = 127.5 * (1 + Math.sqrt(abar) * (value / 127.5 - 1));
    double s = 127.5 * Math.sqrt(1 - abar);
    NormalDistribution z = new NormalDistribution(null, 0, 1);
    double mean = 0;
    double second = 0;
    for (int k = 0; k <= 255; k++) {
      double lo = k == 0 ? 0 : z.cumulativeProbability((k - 0.5 - m) / s);
      double hi = k == 255 ? 1 : z.cumulativeProbability((k + 0.5 - m) / s);
      mean += k * (hi - lo);
      second += (double) k * k * (hi - lo);
    }
    double std = Math.sqrt(second - mean * mean);

    int gray = value << 16 | value << 8 | value;
    int[] px = Pixels.rgb(DiffusionNoise.of(step).apply(flat(128, 128, gray), 99));
    double sum = 0;
    double sumSq = 0;
    int n = 0;
    for (int p : px) {
      for (int shift = 16; shift >= 0; shift -= 8) {
        double v = p >>> shift & 0xFF;
        sum += v;
        sumSq += v * v;
        n++;
      }
    }
    double sampleMean = sum / n;
    double sampleStd = Math.sqrt(sumSq / n - sampleMean * sampleMean);
    // n = 49152: the standard error of the mean is std / sqrt(n), of the std at most about
    // std / sqrt(n) for these bounded, clipped distributions; allow 5 of each.
    double tolerance = 5 * std / Math.sqrt(n);
    assertThat(sampleMean).as("mean at step %d", step).isCloseTo(mean, within(tolerance));
    assertThat(sampleStd).as("std at step %d", step).isCloseTo(std, within(tolerance));
  }

  @Test
  void same_seed_gives_identical_pixels_and_other_seeds_differ() {
    BufferedImage img = ImageLoaderTest.noisyImage(20, 20);
    DiffusionNoise noise = DiffusionNoise.of(DiffusionNoise.BPO_STEP);

    assertThat(Pixels.rgb(noise.apply(img, 1))).isEqualTo(Pixels.rgb(noise.apply(img, 1)));
    assertThat(Pixels.rgb(noise.apply(img, 1))).isNotEqualTo(Pixels.rgb(noise.apply(img, 2)));
  }

  @Test
  void scales_are_square_roots_of_alpha_bar() {
    DiffusionNoise noise = DiffusionNoise.of(DiffusionSchedule.BPO, 900);

    // sqrt(0.13314316195394763) and sqrt(1 - 0.13314316195394763), Python float64.
    assertThat(noise.signalScale()).isCloseTo(0.3648878758659263, within(1e-12));
    assertThat(noise.noiseScale()).isCloseTo(0.9310514690639032, within(1e-12));
    assertThat(noise.step()).isEqualTo(900);
    assertThat(noise.schedule()).isSameAs(DiffusionSchedule.BPO);
    assertThat(DiffusionNoise.BPO_STEP).isEqualTo(900);
    assertThat(DiffusionNoise.BDHS_STEP).isEqualTo(500);
  }

  @Test
  void rejects_step_out_of_range() {
    assertThatThrownBy(() -> DiffusionNoise.of(1000))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("step must be in [0, 999], but is: 1000");
    assertThatThrownBy(() -> DiffusionNoise.of(-1))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("step must be in [0, 999], but is: -1");
  }

  @Test
  void to_string_prints_step_and_alpha_bar() {
    assertThat(DiffusionNoise.of(500).toString())
        .startsWith("DiffusionNoise(step=500, alphaBar=0.74479852604307")
        .endsWith(", schedule=" + DiffusionSchedule.BPO + ")");
  }
}
