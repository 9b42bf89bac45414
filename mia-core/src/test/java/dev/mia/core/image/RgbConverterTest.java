package dev.mia.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class RgbConverterTest {
  @Test
  void interleaved_srgb_bytes_give_the_colour_models_rgb() {
    // Reference: BufferedImage.getRGB, which goes through the colour model pixel by pixel.
    for (int type : new int[] {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_INT_BGR}) {
      BufferedImage image = new BufferedImage(37, 23, type);
      BufferedImage noisy = ImageLoaderTest.noisyImage(37, 23);
      image.setRGB(0, 0, 37, 23, noisy.getRGB(0, 0, 37, 23, null, 0, 37), 0, 37);

      assertThat(RgbConverter.toRgbPixels(image)).isEqualTo(masked(image));
    }
  }

  @Test
  void a_sub_image_of_bytes_reads_only_its_region() {
    BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_3BYTE_BGR);
    BufferedImage noisy = ImageLoaderTest.noisyImage(40, 30);
    image.setRGB(0, 0, 40, 30, noisy.getRGB(0, 0, 40, 30, null, 0, 40), 0, 40);
    BufferedImage sub = image.getSubimage(7, 5, 20, 11);

    assertThat(RgbConverter.toRgbPixels(sub)).isEqualTo(masked(sub));
  }

  private static int[] masked(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
    for (int i = 0; i < argb.length; i++) {
      argb[i] &= 0xFFFFFF;
    }
    return argb;
  }
}
