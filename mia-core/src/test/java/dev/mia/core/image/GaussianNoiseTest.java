package dev.mia.core.image;

import static dev.mia.core.image.ResizeTest.flat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GaussianNoiseTest {
  @Test
  void same_seed_gives_identical_pixels_and_other_seeds_differ() {
    BufferedImage img = ImageLoaderTest.noisyImage(32, 32);
    GaussianNoise noise = GaussianNoise.of(20);

    int[] a = Pixels.rgb(noise.apply(img, 7));
    int[] b = Pixels.rgb(noise.apply(img, 7));
    int[] c = Pixels.rgb(noise.apply(img, 8));

    assertThat(a).isEqualTo(b);
    assertThat(a).isNotEqualTo(c);
    assertThat(a).isNotEqualTo(Pixels.rgb(img));
  }

  @Test
  void follows_the_documented_box_muller_sequence() {
    // Independent re-derivation of the documented draw: u1, u2 from SplittableRandom(seed);
    // z0 = sqrt(-2 ln(1 - u1)) cos(2 pi u2) for red, z1 = ... sin(2 pi u2) for green, then a new
    // pair for blue. Values: round half up, clamp to [0, 255].
    SplittableRandom random = new SplittableRandom(123);
    double u1 = random.nextDouble();
    double u2 = random.nextDouble();
    double r = Math.sqrt(-2 * Math.log(1 - u1));
    double zr = r * Math.cos(2 * Math.PI * u2);
    double zg = r * Math.sin(2 * Math.PI * u2);
    double u3 = random.nextDouble();
    double u4 = random.nextDouble();
    double zb = Math.sqrt(-2 * Math.log(1 - u3)) * Math.cos(2 * Math.PI * u4);
    double sigma = 30;
    int red = (int) Math.max(0, Math.min(255, Math.floor(100 + sigma * zr + 0.5)));
    int green = (int) Math.max(0, Math.min(255, Math.floor(100 + sigma * zg + 0.5)));
    int blue = (int) Math.max(0, Math.min(255, Math.floor(100 + sigma * zb + 0.5)));

    BufferedImage out = GaussianNoise.of(sigma).apply(flat(1, 1, 0x646464), 123);

    assertThat(out.getRGB(0, 0) & 0xFFFFFF).isEqualTo(red << 16 | green << 8 | blue);
  }

  @Test
  void mean_and_std_match_sigma_on_a_large_flat_image() {
    BufferedImage out = GaussianNoise.of(10).apply(flat(256, 256, 0x808080), 2024);

    double sum = 0;
    double sumSq = 0;
    int n = 0;
    for (int p : Pixels.rgb(out)) {
      for (int shift = 16; shift >= 0; shift -= 8) {
        double v = (p >>> shift & 0xFF) - 128;
        sum += v;
        sumSq += v * v;
        n++;
      }
    }
    double mean = sum / n;
    double std = Math.sqrt(sumSq / n - mean * mean);
    // n = 196608 draws, no clipping at 128 +- 12.8 sigma. Rounding to integers adds no bias and
    // variance 1/12 (Sheppard), so the expected std is sqrt(100 + 1/12) = 10.004. Standard error
    // of the mean: 10 / sqrt(n) = 0.023, so 0.1 is 4.4 standard errors; of the std: about
    // 10 / sqrt(2n) = 0.016, so 0.1 is 6 standard errors.
    assertThat(mean).isCloseTo(0.0, within(0.1));
    assertThat(std).isCloseTo(Math.sqrt(100 + 1.0 / 12), within(0.1));
  }

  @Test
  void clips_to_the_pixel_range() {
    BufferedImage out =
        GaussianNoise.of(GaussianNoise.MIA_DPO_GRID_SIGMA).apply(flat(64, 64, 0xFFFFFF), 3);

    long atMax = 0;
    int[] px = Pixels.rgb(out);
    for (int p : px) {
      for (int shift = 16; shift >= 0; shift -= 8) {
        atMax += (p >>> shift & 0xFF) == 255 ? 1 : 0;
      }
    }
    // From 255, a value stays at 255 iff 255 + 225 z >= 254.5, probability Phi(0.5/225) = 0.5009;
    // n = 12288 draws give a standard error of 0.0045, so +-0.025 is 5.5 standard errors.
    assertThat((double) atMax / (3 * px.length)).isCloseTo(0.5009, within(0.025));
  }

  @Test
  void region_noises_only_the_cell() {
    BufferedImage img = flat(8, 6, 0x808080);
    Rectangle cell = new Rectangle(4, 3, 4, 3);

    BufferedImage out = GaussianNoise.of(50).inRegion(cell).apply(img, 11);

    int changed = 0;
    for (int y = 0; y < 6; y++) {
      for (int x = 0; x < 8; x++) {
        int p = out.getRGB(x, y) & 0xFFFFFF;
        if (cell.contains(x, y)) {
          changed += p != 0x808080 ? 1 : 0;
        } else {
          assertThat(p).as("(%d, %d)", x, y).isEqualTo(0x808080);
        }
      }
    }
    // Each of the 12 cell pixels stays unchanged only if all three draws round to 0: (P(|50z| <
    // 0.5) = 0.008)^3; all 12 change.
    assertThat(changed).isEqualTo(12);
    assertThat(Pixels.rgb(img)).containsOnly(0x808080);
  }

  @Test
  void region_is_copied_in_and_out() {
    Rectangle cell = new Rectangle(0, 0, 2, 2);
    GaussianNoise noise = GaussianNoise.of(5).inRegion(cell);
    cell.width = 100;
    noise.region().orElseThrow().height = 100;

    assertThat(noise.region()).contains(new Rectangle(0, 0, 2, 2));
    assertThat(GaussianNoise.of(5).region()).isEmpty();
  }

  @Test
  void sigma_zero_leaves_pixels_unchanged() {
    BufferedImage img = ImageLoaderTest.noisyImage(5, 5);

    assertThat(Pixels.rgb(GaussianNoise.of(0).apply(img, 1))).isEqualTo(Pixels.rgb(img));
  }

  @Test
  void rejects_bad_sigma_and_regions() {
    assertThatThrownBy(() -> GaussianNoise.of(-0.5))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("sigma must be finite and >= 0, but is: -0.5");
    assertThatThrownBy(() -> GaussianNoise.of(Double.NaN))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("sigma must be finite and >= 0, but is: NaN");
    assertThatThrownBy(() -> GaussianNoise.of(Double.POSITIVE_INFINITY))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("sigma must be finite and >= 0, but is: Infinity");
    assertThatThrownBy(() -> GaussianNoise.of(1).inRegion(new Rectangle(0, 0, 3, 0)))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("region must not be empty, but is: (x=0, y=0, width=3, height=0)");
    GaussianNoise outside = GaussianNoise.of(1).inRegion(new Rectangle(2, 2, 4, 4));
    assertThatThrownBy(() -> outside.apply(flat(5, 5, 0), 1))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("region (x=2, y=2, width=4, height=4) must lie within the image 5x5");
  }

  @Test
  void documents_mia_dpo_sigmas_and_prints_settings() {
    assertThat(GaussianNoise.MIA_DPO_GRID_SIGMA).isEqualTo(225.0);
    assertThat(GaussianNoise.MIA_DPO_PIC_IN_PIC_SIGMA).isEqualTo(49.0);
    assertThat(GaussianNoise.of(49)).hasToString("GaussianNoise(sigma=49.0, region=all)");
    assertThat(GaussianNoise.of(225).inRegion(new Rectangle(1, 2, 3, 4)))
        .hasToString("GaussianNoise(sigma=225.0, region=(x=1, y=2, width=3, height=4))");
  }
}
