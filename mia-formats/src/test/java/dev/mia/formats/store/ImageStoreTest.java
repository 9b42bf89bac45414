package dev.mia.formats.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;

class ImageStoreTest {
  private static final ImageStore JPEG =
      ImageStore.builder(Path.of("unused")).encoding(ImageEncoding.jpeg(0.95f)).build();

  @Test
  void jpeg_bytes_are_those_imageio_writes_for_the_int_rgb_image_itself() throws IOException {
    // Reference: the JPEG writer given the TYPE_INT_RGB image directly, as encode did before it
    // handed over a TYPE_3BYTE_BGR copy.
    BufferedImage image = noisy(67, 45, 7);

    assertThat(JPEG.encode(image)).isEqualTo(directJpeg(image, 0.95f));
  }

  @Test
  void jpeg_of_a_sub_image_is_written_from_the_image_as_it_is() throws IOException {
    BufferedImage sub = noisy(80, 60, 3).getSubimage(5, 7, 40, 30);

    assertThat(ImageStore.jpegLayout(sub)).isSameAs(sub);
    assertThat(JPEG.encode(sub)).isEqualTo(directJpeg(sub, 0.95f));
  }

  @Test
  void jpeg_layout_keeps_every_pixel() {
    BufferedImage image = noisy(31, 17, 11);

    BufferedImage bgr = ImageStore.jpegLayout(image);

    assertThat(bgr.getType()).isEqualTo(BufferedImage.TYPE_3BYTE_BGR);
    assertThat(bgr.getRGB(0, 0, 31, 17, null, 0, 31))
        .isEqualTo(image.getRGB(0, 0, 31, 17, null, 0, 31));
  }

  private static BufferedImage noisy(int w, int h, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        image.setRGB(x, y, random.nextInt(1 << 24));
      }
    }
    return image;
  }

  private static byte[] directJpeg(BufferedImage image, float quality) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }
}
