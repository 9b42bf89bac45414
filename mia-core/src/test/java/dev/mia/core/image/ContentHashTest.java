package dev.mia.core.image;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mia.core.ImageReadException;
import dev.mia.core.ImageTooLargeException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentHashTest {
  @TempDir Path dir;

  @Test
  void file_hash_is_sha256_of_the_bytes() throws IOException {
    Path file = Files.write(dir.resolve("abc.bin"), "abc".getBytes(US_ASCII));

    // FIPS 180-2, appendix B.1: SHA-256("abc").
    assertThat(ContentHash.ofFile(file))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void file_hash_reads_at_most_the_limits_bytes() throws IOException {
    Path file = Files.write(dir.resolve("abc.bin"), "abc".getBytes(US_ASCII));

    assertThat(ContentHash.ofFile(file, ImageLimits.DEFAULT.withMaxBytes(3)))
        .isEqualTo(ContentHash.ofFile(file));
    assertThatThrownBy(() -> ContentHash.ofFile(file, ImageLimits.DEFAULT.withMaxBytes(2)))
        .isExactlyInstanceOf(ImageTooLargeException.class)
        .hasMessage(
            "image '" + file + "': file has more than 2 bytes, the limit (ImageLimits.maxBytes)");
  }

  @Test
  void file_hash_rejects_missing_file() {
    Path file = dir.resolve("missing.png");

    assertThatThrownBy(() -> ContentHash.ofFile(file))
        .isExactlyInstanceOf(ImageReadException.class)
        .hasMessage("image '" + file + "': file does not exist");
  }

  @Test
  void pixel_hash_covers_big_endian_size_and_rgb_ints() throws NoSuchAlgorithmException {
    BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
    img.setRGB(0, 0, 0x010203);
    img.setRGB(1, 0, 0xFFFFFF);
    // Independent: the documented layout written with ByteBuffer (big-endian) and JDK SHA-256.
    ByteBuffer bytes = ByteBuffer.allocate(16).putInt(2).putInt(1).putInt(0x010203);
    bytes.putInt(0xFFFFFF);
    String expected =
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array()));

    assertThat(ContentHash.ofPixels(img)).isEqualTo(expected);
  }

  @Test
  void pixel_hash_ignores_storage_type_but_not_pixels_or_shape() {
    BufferedImage rgb = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
    rgb.setRGB(1, 0, 0x336699);
    BufferedImage bgr = new BufferedImage(2, 2, BufferedImage.TYPE_3BYTE_BGR);
    bgr.setRGB(1, 0, 0x336699);
    BufferedImage changed = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
    changed.setRGB(1, 0, 0x336698);
    BufferedImage transposed = new BufferedImage(1, 4, BufferedImage.TYPE_INT_RGB);
    transposed.setRGB(0, 1, 0x336699);

    assertThat(ContentHash.ofPixels(bgr)).isEqualTo(ContentHash.ofPixels(rgb));
    assertThat(ContentHash.ofPixels(changed)).isNotEqualTo(ContentHash.ofPixels(rgb));
    assertThat(ContentHash.ofPixels(transposed)).isNotEqualTo(ContentHash.ofPixels(rgb));
  }
}
