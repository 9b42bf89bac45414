package dev.mia.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

  // Expected sizes from fittedSize: 1000x500 scales by 0.448, 10x5 by 4, 1x1000 by 0.064 (its
  // width round(0.064) raised to 1).
  @ParameterizedTest(name = "{0}x{1} into {2}x{3}")
  @CsvSource({"1000, 500, 448, 448, 448, 224", "10, 5, 40, 40, 40, 20", "1, 1000, 64, 64, 1, 64"})
  void to_fit_returns_rgb_image_of_fitted_size_and_keeps_flat_colour(
      int w, int h, int maxWidth, int maxHeight, int width, int height) {
    BufferedImage out = Resize.toFit(flat(w, h, 0x4080C0), maxWidth, maxHeight);

    assertThat(out.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
    assertThat(out.getWidth()).isEqualTo(width);
    assertThat(out.getHeight()).isEqualTo(height);
    assertThat(Pixels.rgb(out)).containsOnly(0x4080C0);
  }

  @Test
  void shrinking_averages_fine_detail_instead_of_aliasing() {
    // One-pixel black and white columns: a good downscale by 8 is mid-grey everywhere, while
    // nearest-neighbour sampling would give all black or all white.
    BufferedImage out = Resize.toSize(whiteEvenColumns(256, 64), 32, 8);

    for (int p : Pixels.rgb(out)) {
      assertThat(p >> 8 & 0xFF).isBetween(112, 144);
    }
  }

  // Thumbnailator's progressive resizer, used before, halved an unchanged 1-pixel side to 0 and
  // drew nothing: 1x1000 -> 1x64 came out black.
  @ParameterizedTest(name = "{0}x{1} -> {2}x{3}")
  @CsvSource({
    "1, 1000, 1, 64",
    "1000, 1, 64, 1",
    "1, 1, 1, 1",
    "2, 1000, 1, 500",
    "1, 1000, 1, 1",
    "3, 1000, 1, 7",
    "1, 1, 10, 10",
    "1, 1000, 4, 64"
  })
  void thin_images_keep_their_flat_colour(int w, int h, int width, int height) {
    BufferedImage out = Resize.toSize(flat(w, h, 0x4080C0), width, height);

    assertThat(out.getWidth()).isEqualTo(width);
    assertThat(out.getHeight()).isEqualTo(height);
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
    BufferedImage out = Resize.toSize(whiteEvenColumns(100, 1000), 100, 64);

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
    BufferedImage rows = new BufferedImage(2, 1000, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 1000; y += 2) {
      rows.setRGB(0, y, 0xFFFFFF);
      rows.setRGB(1, y, 0xFFFFFF);
    }

    BufferedImage out = Resize.toSize(rows, 8, 64);

    assertThat(out.getWidth()).isEqualTo(8);
    assertThat(out.getHeight()).isEqualTo(64);
    for (int p : Pixels.rgb(out)) {
      assertThat(p & 0xFF).isBetween(112, 144);
    }
  }

  @Test
  void shrinking_weights_source_pixels_by_a_triangle_two_output_pixels_wide() {
    // Grey column 0, 0, 255, 255 shrunk 4 -> 2 (scale 2). Output 0 is centred at 1.0 and reads
    // rows 0..2 at distances 0.5, 0.5, 1.5, i.e. tent weights 1 - d/2 = 0.75, 0.75, 0.25 (sum
    // 1.75): 255 * 0.25 / 1.75 = 36.4 -> 36. Output 1 (centre 3.0) reads rows 1..3 with 0.25,
    // 0.75, 0.75: 255 * 1.5 / 1.75 = 218.6 -> 219.
    BufferedImage column = flat(1, 4, 0x000000);
    column.setRGB(0, 2, 0xFFFFFF);
    column.setRGB(0, 3, 0xFFFFFF);

    assertThat(Pixels.rgb(Resize.toSize(column, 1, 2))).containsExactly(0x242424, 0xDBDBDB);
    // The same along a row.
    BufferedImage row = flat(4, 1, 0x000000);
    row.setRGB(2, 0, 0xFFFFFF);
    row.setRGB(3, 0, 0xFFFFFF);
    assertThat(Pixels.rgb(Resize.toSize(row, 2, 1))).containsExactly(0x242424, 0xDBDBDB);
  }

  @Test
  void reads_a_decoded_jpeg_layout_like_its_rgb_conversion() {
    BufferedImage rgb = ImageLoaderTest.noisyImage(50, 30);
    BufferedImage bgr = new BufferedImage(50, 30, BufferedImage.TYPE_3BYTE_BGR);
    bgr.setRGB(0, 0, 50, 30, rgb.getRGB(0, 0, 50, 30, null, 0, 50), 0, 50);

    assertThat(Pixels.rgb(Resize.toSize(bgr, 21, 13)))
        .isEqualTo(Pixels.rgb(Resize.toSize(rgb, 21, 13)));
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

  /** Black with white columns at even x. */
  private static BufferedImage whiteEvenColumns(int w, int h) {
    BufferedImage stripes = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < w; x += 2) {
      for (int y = 0; y < h; y++) {
        stripes.setRGB(x, y, 0xFFFFFF);
      }
    }
    return stripes;
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
