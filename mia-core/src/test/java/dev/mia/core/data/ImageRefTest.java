package dev.mia.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mia.core.ImagePathException;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageRefTest {

  @Test
  void hashes_file_bytes_with_sha256(@TempDir Path root) throws Exception {
    Files.write(root.resolve("a.bin"), "abc".getBytes(StandardCharsets.US_ASCII));

    ImageRef.OnDisk ref = ImageRef.OnDisk.of("a.bin").withContentHash(root);

    // SHA-256("abc") is the FIPS 180-2 test vector.
    assertThat(ref.contentHash())
        .hasValue("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void in_memory_images_with_equal_pixels_are_equal() {
    BufferedImage a = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
    // Opaque black in an ARGB image: the same RGB pixels as the all-black RGB image.
    BufferedImage b = new BufferedImage(2, 2, BufferedImage.TYPE_INT_ARGB);
    b.setRGB(0, 0, 2, 2, new int[] {0xFF000000, 0xFF000000, 0xFF000000, 0xFF000000}, 0, 2);
    BufferedImage c = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
    c.setRGB(1, 1, 0x010203);

    assertThat(ImageRef.InMemory.of(a)).isEqualTo(ImageRef.InMemory.of(b));
    assertThat(ImageRef.InMemory.of(a)).isNotEqualTo(ImageRef.InMemory.of(c));
  }

  @Test
  void rejects_a_malformed_hash() {
    assertThatThrownBy(() -> new ImageRef.OnDisk("a.jpg", "XYZ"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("sha256 must be 64 lower-case hex digits, but is: XYZ");
  }

  @Test
  void resolves_a_relative_path_normalised_inside_the_root(@TempDir Path root) {
    assertThat(ImageRef.OnDisk.of("coco/./a/../x.png").resolve(root))
        .isEqualTo(root.resolve("coco/x.png"));
  }

  @Test
  void refuses_a_path_that_leaves_the_root_after_normalisation(@TempDir Path root) {
    assertThatThrownBy(() -> ImageRef.OnDisk.of("coco/../../outside/x.png").resolve(root))
        .isExactlyInstanceOf(ImagePathException.class)
        .hasMessage(
            "image 'coco/../../outside/x.png': path leaves the image root after normalisation, and"
                + " such paths are refused unless allowed (PathPolicy.ANYWHERE)")
        .extracting(e -> ((ImagePathException) e).path())
        .isEqualTo("coco/../../outside/x.png");
  }

  @Test
  void refuses_an_absolute_path_by_default(@TempDir Path root) {
    assertThatThrownBy(() -> ImageRef.OnDisk.of("/etc/passwd").resolve(root))
        .isExactlyInstanceOf(ImagePathException.class)
        .hasMessage(
            "image '/etc/passwd': path is absolute, and absolute image paths are refused unless"
                + " allowed (PathPolicy.ALLOW_ABSOLUTE or ANYWHERE)");
    assertThatThrownBy(() -> ImageRef.OnDisk.of("/etc/passwd").withContentHash(root))
        .isExactlyInstanceOf(ImagePathException.class);
  }

  @Test
  void uses_an_absolute_path_when_allowed(@TempDir Path root) {
    assertThat(ImageRef.OnDisk.of("/data/../images/x.png").resolve(root, PathPolicy.ALLOW_ABSOLUTE))
        .isEqualTo(Path.of("/images/x.png"));
  }

  @Test
  void opens_any_path_when_the_policy_is_anywhere(@TempDir Path root) {
    assertThat(ImageRef.OnDisk.of("../out/./x.png").resolve(root, PathPolicy.ANYWHERE))
        .isEqualTo(root.resolve("../out/x.png"));
    assertThat(ImageRef.OnDisk.of("/data/x.png").resolve(root, PathPolicy.ANYWHERE))
        .isEqualTo(Path.of("/data/x.png"));
    assertThatThrownBy(
            () -> ImageRef.OnDisk.of("../x.png").resolve(root, PathPolicy.ALLOW_ABSOLUTE))
        .isExactlyInstanceOf(ImagePathException.class);
  }

  @Test
  void refuses_a_path_the_file_system_cannot_represent(@TempDir Path root) {
    assertThatThrownBy(() -> ImageRef.OnDisk.of("a\u0000b.png").resolve(root))
        .isExactlyInstanceOf(ImagePathException.class)
        .hasMessage("image 'a\u0000b.png': path is not a valid file path");
  }
}
