package dev.mia.core.image;

import static dev.mia.core.image.ResizeTest.flat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class GaussianBlurTest {
  @Test
  void constant_image_stays_constant_up_to_the_edges() {
    BufferedImage out = GaussianBlur.of(2.5).apply(flat(10, 7, 0x4080C0));

    // Replicated edges: a zero-filled border would darken the outer pixels.
    assertThat(Pixels.rgb(out)).containsOnly(0x4080C0);
  }

  @Test
  void impulse_spreads_as_the_sampled_gaussian() {
    BufferedImage img = flat(21, 21, 0);
    img.setRGB(10, 10, 0x00FF00);

    BufferedImage out = GaussianBlur.of(1.0).apply(img);

    // Independent kernel for sigma 1, radius 3: k(i) = exp(-i^2/2) / (1 + 2(e^-0.5 + e^-2 +
    // e^-4.5)) = exp(-i^2/2) / 2.50594988; output(dx, dy) = 255 k(dx) k(dy):
    // centre 255 * 0.39905^2 = 40.61 -> 41; (1, 0): 255 * 0.39905 * 0.24203 = 24.63 -> 25.
    double norm = 1 + 2 * (Math.exp(-0.5) + Math.exp(-2) + Math.exp(-4.5));
    long sum = 0;
    for (int dy = -3; dy <= 3; dy++) {
      for (int dx = -3; dx <= 3; dx++) {
        double expected = 255 * Math.exp(-dx * dx / 2.0) * Math.exp(-dy * dy / 2.0) / norm / norm;
        int green = out.getRGB(10 + dx, 10 + dy) >> 8 & 0xFF;
        assertThat(green).as("(%d, %d)", dx, dy).isEqualTo((int) Math.floor(expected + 0.5));
        sum += green;
      }
    }
    assertThat(out.getRGB(10, 10) >> 8 & 0xFF).isEqualTo(41);
    assertThat(out.getRGB(11, 10) >> 8 & 0xFF).isEqualTo(25);
    // Mass is kept up to rounding (at most 0.5 per pixel of the 7x7 support).
    assertThat(sum).isBetween(255L - 25, 255L + 25);
    // Nothing leaks into other channels or beyond the radius.
    assertThat(out.getRGB(10, 10) & 0xFF00FF).isZero();
    assertThat(out.getRGB(14, 10) & 0xFFFFFF).isZero();
  }

  @Test
  void sigma_zero_returns_an_equal_copy() {
    BufferedImage img = ImageLoaderTest.noisyImage(8, 5);

    BufferedImage out = GaussianBlur.of(0).apply(img);

    assertThat(out).isNotSameAs(img);
    assertThat(Pixels.rgb(out)).isEqualTo(Pixels.rgb(img));
  }

  @Test
  void radius_is_ceil_of_three_sigma() {
    assertThat(GaussianBlur.of(0).radius()).isZero();
    assertThat(GaussianBlur.of(0.5).radius()).isEqualTo(2);
    assertThat(GaussianBlur.of(1).radius()).isEqualTo(3);
    assertThat(GaussianBlur.of(1.01).radius()).isEqualTo(4);
  }

  @Test
  void kernel_wider_than_the_image_still_averages_with_replicated_edges() {
    BufferedImage img = flat(3, 1, 0);
    img.setRGB(2, 0, 0xFFFFFF);

    BufferedImage out = GaussianBlur.of(20).apply(img);

    // With a kernel far wider than the image, each side's replicated edge dominates its half:
    // left stays darker than right, and the middle is between them.
    int left = out.getRGB(0, 0) & 0xFF;
    int mid = out.getRGB(1, 0) & 0xFF;
    int right = out.getRGB(2, 0) & 0xFF;
    assertThat(left).isLessThan(mid);
    assertThat(mid).isLessThan(right);
  }

  @Test
  void does_not_modify_input() {
    BufferedImage img = ImageLoaderTest.noisyImage(9, 9);
    int[] before = Pixels.rgb(img);

    GaussianBlur.of(1.5).apply(img);

    assertThat(Pixels.rgb(img)).isEqualTo(before);
  }

  @Test
  void rejects_negative_nan_and_huge_sigma() {
    assertThatThrownBy(() -> GaussianBlur.of(-1))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("sigma must be in [0, 10000.0], but is: -1.0");
    assertThatThrownBy(() -> GaussianBlur.of(Double.NaN))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("sigma must be in [0, 10000.0], but is: NaN");
    assertThatThrownBy(() -> GaussianBlur.of(Double.POSITIVE_INFINITY))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("sigma must be in [0, 10000.0], but is: Infinity");
  }

  @Test
  void to_string_prints_sigma_and_radius() {
    assertThat(GaussianBlur.of(2)).hasToString("GaussianBlur(sigma=2.0, radius=6)");
  }
}
