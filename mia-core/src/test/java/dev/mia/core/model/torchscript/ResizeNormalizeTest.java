package dev.mia.core.model.torchscript;

import static dev.mia.core.testing.NDAssertions.assertAllClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ResizeNormalizeTest {

  @Test
  void normalises_each_channel_with_clip_mean_and_std() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray pixels = Fixtures.preprocessor().preprocess(manager, Fixtures.image(0));

      assertThat(pixels.getShape()).isEqualTo(new Shape(3, 16, 16));
      // pixel (x=1, y=2) is RGB (16, 32, 24); (v / 255 - mean) / std computed in float32 by
      // torch 1.13: ((torch.tensor([16., 32., 24.]) / 255 - mean) / std)
      assertAllClose(
          pixels.get(new NDIndex(":, 2, 1")),
          new double[] {-1.558687686920166, -1.2718485593795776, -1.1389381885528564},
          1e-6,
          1e-6);
    }
  }

  @Test
  void resizes_other_sizes_by_default() {
    BufferedImage wide = new BufferedImage(40, 10, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 10; y++) {
      for (int x = 0; x < 40; x++) {
        wide.setRGB(x, y, 0xFF0080);
      }
    }
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray pixels = ResizeNormalize.builder(16, 16).build().preprocess(manager, wide);

      assertThat(pixels.getShape()).isEqualTo(new Shape(3, 16, 16));
      // a flat colour stays flat: (255, 0, 128), same torch computation as above
      assertAllClose(
          pixels.get(new NDIndex(":, 7, 9")),
          new double[] {1.9303361177444458, -1.7520971298217773, 0.33994877338409424},
          1e-5,
          1e-5);
    }
  }

  @Test
  void rejects_other_sizes_when_exact_size_is_required() {
    ResizeNormalize exact =
        ResizeNormalize.builder(16, 16).sizePolicy(SizePolicy.REQUIRE_EXACT).build();
    BufferedImage image = new BufferedImage(16, 17, BufferedImage.TYPE_INT_RGB);
    try (NDManager manager = NDManager.newBaseManager()) {
      assertThatThrownBy(() -> exact.preprocess(manager, image))
          .isExactlyInstanceOf(IllegalArgumentException.class)
          .hasMessage("image must be 16x16 for this preprocessor, but is 16x17");
    }
  }

  @Test
  void rejects_a_zero_std() {
    ResizeNormalize.Builder builder = ResizeNormalize.builder(4, 4).std(0.5f, 0f, 0.5f);
    assertThatThrownBy(builder::build)
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("std must be finite and > 0, but is: [0.5, 0.0, 0.5]");
  }

  @Test
  void rejects_a_zero_width() {
    assertThatThrownBy(() -> ResizeNormalize.builder(0, 4))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("width must be >= 1, but is: 0");
  }
}
