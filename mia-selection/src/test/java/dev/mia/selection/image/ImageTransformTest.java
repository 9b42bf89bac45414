package dev.mia.selection.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mia.core.image.DiffusionNoise;
import dev.mia.core.image.GaussianBlur;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ImageTransformTest {

  private static BufferedImage checkerboard() {
    BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 16; x++) {
        image.setRGB(x, y, ((x + y) % 2 == 0) ? 0xFFFFFF : 0x000000);
      }
    }
    return image;
  }

  private static int[] pixels(BufferedImage image) {
    return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
  }

  @Test
  void gaussian_blur_equals_mia_core_blur() {
    BufferedImage image = checkerboard();

    ImageTransform blur = ImageTransform.gaussianBlur(2.0);

    assertThat(blur.name()).isEqualTo("gaussian-blur(sigma=2.0)");
    assertThat(pixels(blur.apply(image, 1))).isEqualTo(pixels(GaussianBlur.of(2.0).apply(image)));
  }

  @Test
  void diffusion_noise_uses_the_call_seed() {
    BufferedImage image = checkerboard();
    ImageTransform noise = ImageTransform.diffusionNoise(900);

    assertThat(noise.name()).isEqualTo("diffusion-noise(step=900)");
    assertThat(pixels(noise.apply(image, 5)))
        .isEqualTo(pixels(DiffusionNoise.of(900).apply(image, 5)))
        .isNotEqualTo(pixels(noise.apply(image, 6)));
  }
}
