package dev.mia.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ResizeTest {
  @Test
  void fitted_size_keeps_aspect_when_shrinking_and_growing() {
    assertThat(Resize.fittedSize(new ImageSize(1000, 500), 448, 448))
        .isEqualTo(new ImageSize(448, 224));
    assertThat(Resize.fittedSize(new ImageSize(500, 1000), 448, 448))
        .isEqualTo(new ImageSize(224, 448));
    assertThat(Resize.fittedSize(new ImageSize(100, 50), 448, 448))
        .isEqualTo(new ImageSize(448, 224));
    // 640x480 into 448x448: scale 0.7, 336 rows.
    assertThat(Resize.fittedSize(new ImageSize(640, 480), 448, 448))
        .isEqualTo(new ImageSize(448, 336));
  }

  @Test
  void fitted_size_keeps_at_least_one_pixel() {
    assertThat(Resize.fittedSize(new ImageSize(10_000, 1), 100, 100))
        .isEqualTo(new ImageSize(100, 1));
  }

  @Test
  void to_fit_returns_rgb_image_of_fitted_size_and_keeps_flat_colour() {
    BufferedImage src = flat(1000, 500, 0x4080C0);

    BufferedImage out = Resize.toFit(src, 448, 448);

    assertThat(out.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
    assertThat(out.getWidth()).isEqualTo(448);
    assertThat(out.getHeight()).isEqualTo(224);
    assertThat(Pixels.rgb(out)).containsOnly(0x4080C0);
  }

  @Test
  void enlarging_keeps_flat_colour() {
    BufferedImage out = Resize.toFit(flat(10, 5, 0x102030), 40, 40);

    assertThat(out.getWidth()).isEqualTo(40);
    assertThat(out.getHeight()).isEqualTo(20);
    assertThat(Pixels.rgb(out)).containsOnly(0x102030);
  }

  @Test
  void shrinking_averages_fine_detail_instead_of_aliasing() {
    // One-pixel black and white columns: a good downscale by 8 is mid-grey everywhere, while
    // nearest-neighbour sampling would give all black or all white.
    BufferedImage stripes = new BufferedImage(256, 64, BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < 256; x += 2) {
      for (int y = 0; y < 64; y++) {
        stripes.setRGB(x, y, 0xFFFFFF);
      }
    }

    BufferedImage out = Resize.toSize(stripes, 32, 8);

    for (int p : Pixels.rgb(out)) {
      assertThat(p >> 8 & 0xFF).isBetween(112, 144);
    }
  }

  @Test
  void one_pixel_wide_image_shrinks_to_its_colour() {
    // Thumbnailator's progressive resizer halved the unchanged 1-pixel side to 0 and drew nothing.
    BufferedImage out = Resize.toSize(flat(1, 1000, 0x4080C0), 1, 64);

    assertThat(out.getWidth()).isEqualTo(1);
    assertThat(out.getHeight()).isEqualTo(64);
    assertThat(Pixels.rgb(out)).containsOnly(0x4080C0);
  }

  @Test
  void one_pixel_high_image_shrinks_to_its_colour() {
    BufferedImage out = Resize.toSize(flat(1000, 1, 0x4080C0), 64, 1);

    assertThat(out.getWidth()).isEqualTo(64);
    assertThat(out.getHeight()).isEqualTo(1);
    assertThat(Pixels.rgb(out)).containsOnly(0x4080C0);
  }

  @Test
  void one_pixel_wide_image_fits_a_box_with_its_colour() {
    // fittedSize: scale 64 / 1000, width round(0.064) raised to 1.
    BufferedImage out = Resize.toFit(flat(1, 1000, 0x102030), 64, 64);

    assertThat(out.getWidth()).isEqualTo(1);
    assertThat(out.getHeight()).isEqualTo(64);
    assertThat(Pixels.rgb(out)).containsOnly(0x102030);
  }

  @Test
  void single_pixel_is_copied_and_enlarged_with_its_colour() {
    assertThat(Pixels.rgb(Resize.toSize(flat(1, 1, 0x4080C0), 1, 1))).containsExactly(0x4080C0);

    BufferedImage out = Resize.toFit(flat(1, 1, 0x4080C0), 10, 20);

    assertThat(out.getWidth()).isEqualTo(10);
    assertThat(out.getHeight()).isEqualTo(10);
    assertThat(Pixels.rgb(out)).containsOnly(0x4080C0);
  }

  @Test
  void two_pixel_wide_image_shrinks_to_one_column_of_its_colour() {
    BufferedImage out = Resize.toSize(flat(2, 1000, 0x4080C0), 1, 500);

    assertThat(out.getWidth()).isEqualTo(1);
    assertThat(out.getHeight()).isEqualTo(500);
    assertThat(Pixels.rgb(out)).containsOnly(0x4080C0);
  }

  @Test
  void one_pixel_wide_image_keeps_its_vertical_profile() {
    // Top half black, bottom half white: after shrinking, the top rows stay black, the bottom rows
    // white, and the values never decrease downwards.
    BufferedImage column = flat(1, 1000, 0x000000);
    for (int y = 500; y < 1000; y++) {
      column.setRGB(0, y, 0xFFFFFF);
    }

    int[] out = Pixels.rgb(Resize.toSize(column, 1, 64));

    assertThat(out[0]).isEqualTo(0x000000);
    assertThat(out[63]).isEqualTo(0xFFFFFF);
    for (int y = 1; y < 64; y++) {
      assertThat(out[y] & 0xFF).isGreaterThanOrEqualTo(out[y - 1] & 0xFF);
    }
  }

  @Test
  void unchanged_width_keeps_each_column_exactly() {
    // Alternating black and white columns, only the height shrinks: no column may be blurred into
    // its neighbours (Thumbnailator halved the width too and enlarged it back to grey).
    BufferedImage stripes = new BufferedImage(100, 1000, BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < 100; x += 2) {
      for (int y = 0; y < 1000; y++) {
        stripes.setRGB(x, y, 0xFFFFFF);
      }
    }

    BufferedImage out = Resize.toSize(stripes, 100, 64);

    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 100; x++) {
        assertThat(out.getRGB(x, y) & 0xFFFFFF).isEqualTo(x % 2 == 0 ? 0xFFFFFF : 0x000000);
      }
    }
  }

  @Test
  void shrinking_one_side_averages_detail_while_the_other_grows() {
    // Alternating black and white rows shrunk 1000 -> 64 while the width grows 2 -> 8: a good
    // downscale is mid-grey (127.5, the mean of 0 and 255), one-step sampling gives black or white.
    BufferedImage stripes = new BufferedImage(2, 1000, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 1000; y += 2) {
      stripes.setRGB(0, y, 0xFFFFFF);
      stripes.setRGB(1, y, 0xFFFFFF);
    }

    BufferedImage out = Resize.toSize(stripes, 8, 64);

    assertThat(out.getWidth()).isEqualTo(8);
    assertThat(out.getHeight()).isEqualTo(64);
    for (int p : Pixels.rgb(out)) {
      assertThat(p & 0xFF).isBetween(112, 144);
    }
  }

  @Test
  void same_size_is_a_copy() {
    BufferedImage src = flat(3, 3, 0x010203);

    BufferedImage out = Resize.toSize(src, 3, 3);
    out.setRGB(0, 0, 0);

    assertThat(src.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0x010203);
  }

  @Test
  void does_not_modify_input() {
    BufferedImage src = ImageLoaderTest.noisyImage(50, 30);
    int[] before = Pixels.rgb(src);

    Resize.toFit(src, 20, 20);
    Resize.toFit(src, 200, 200);

    assertThat(Pixels.rgb(src)).isEqualTo(before);
  }

  @Test
  void rejects_empty_box_and_size() {
    BufferedImage src = flat(2, 2, 0);
    assertThatThrownBy(() -> Resize.toFit(src, 0, 10))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxWidth must be >= 1, but is: 0");
    assertThatThrownBy(() -> Resize.toFit(src, 10, -3))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxHeight must be >= 1, but is: -3");
    assertThatThrownBy(() -> Resize.toSize(src, 0, 1))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("width must be >= 1, but is: 0");
    assertThatThrownBy(() -> Resize.toSize(src, 1, 0))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("height must be >= 1, but is: 0");
    assertThatThrownBy(() -> new ImageSize(5, 0))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("height must be >= 1, but is: 0");
  }

  static BufferedImage flat(int w, int h, int rgb) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, rgb);
      }
    }
    return img;
  }
}
