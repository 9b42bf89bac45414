package dev.mia.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class JpegStructureTest {
  @Test
  void complete_jpeg_is_complete_and_every_truncation_is_not() throws IOException {
    byte[] full = jpeg(ImageLoaderTest.noisyImage(40, 24));

    assertThat(JpegStructure.isComplete(full)).isTrue();
    for (int n = 0; n < full.length - 1; n += 7) {
      assertThat(JpegStructure.isComplete(Arrays.copyOf(full, n)))
          .as("first %d bytes", n)
          .isFalse();
    }
    assertThat(JpegStructure.isComplete(Arrays.copyOf(full, full.length - 1))).isFalse();
  }

  @Test
  void ignores_bytes_after_the_end_marker() throws IOException {
    byte[] full = jpeg(ImageLoaderTest.noisyImage(16, 16));
    byte[] trailer = Arrays.copyOf(full, full.length + 5);
    Arrays.fill(trailer, full.length, trailer.length, (byte) 0x42);

    assertThat(JpegStructure.isComplete(trailer)).isTrue();
  }

  @Test
  void end_marker_inside_an_app_segment_does_not_count() throws IOException {
    byte[] full = jpeg(ImageLoaderTest.noisyImage(16, 16));
    // An APP1 segment (length 6 = 2 length bytes + 4 payload) whose payload holds FF D9, as an
    // EXIF thumbnail's own end marker would.
    byte[] app1 = {(byte) 0xFF, (byte) 0xE1, 0, 6, (byte) 0xFF, (byte) 0xD9, 0, 0};
    byte[] withApp1 = new byte[full.length + app1.length];
    System.arraycopy(full, 0, withApp1, 0, 2);
    System.arraycopy(app1, 0, withApp1, 2, app1.length);
    System.arraycopy(full, 2, withApp1, 2 + app1.length, full.length - 2);

    assertThat(JpegStructure.isComplete(withApp1)).isTrue();
    assertThat(JpegStructure.isComplete(Arrays.copyOf(withApp1, withApp1.length / 2))).isFalse();
  }

  @Test
  void non_jpeg_bytes_are_not_jpeg() {
    assertThat(JpegStructure.isJpeg(new byte[] {(byte) 0x89, 'P', 'N', 'G'})).isFalse();
    assertThat(JpegStructure.isJpeg(new byte[] {(byte) 0xFF})).isFalse();
    assertThat(JpegStructure.isComplete(new byte[] {(byte) 0xFF, (byte) 0xD8})).isFalse();
  }

  private static byte[] jpeg(BufferedImage image) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "jpeg", out);
    return out.toByteArray();
  }
}
