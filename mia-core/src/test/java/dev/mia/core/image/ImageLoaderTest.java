package dev.mia.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mia.core.ImageReadException;
import dev.mia.core.ImageTooLargeException;
import dev.mia.core.testing.CmykJpegs;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageLoaderTest {
  @TempDir Path dir;

  @Test
  void reads_rgb_png_exactly() throws IOException {
    BufferedImage src = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
    int[] colours = {0x000000, 0xFFFFFF, 0x123456, 0xFF0000, 0x00FF00, 0x0000FF};
    src.setRGB(0, 0, 3, 2, colours, 0, 3);
    Path file = write(src, "png", "rgb.png");

    BufferedImage read = ImageLoader.read(file);

    assertThat(read.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
    assertThat(Pixels.rgb(read)).containsExactly(colours);
  }

  @Test
  void reads_8_bit_grey_png_as_equal_channels_without_gamma_change() throws IOException {
    BufferedImage grey = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_GRAY);
    grey.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {0, 128, 255});
    Path file = write(grey, "png", "grey.png");

    BufferedImage read = ImageLoader.read(file);

    // PIL's convert("RGB") gives (g, g, g); Java's linear-grey-to-sRGB path would turn 128 into
    // about 186.
    assertThat(read.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
    assertThat(Pixels.rgb(read)).containsExactly(0x000000, 0x808080, 0xFFFFFF);
  }

  @Test
  void reads_16_bit_grey_png_scaled_to_8_bits() throws IOException {
    BufferedImage grey = new BufferedImage(3, 1, BufferedImage.TYPE_USHORT_GRAY);
    // 0x8080 * 255 / 65535 = 128 exactly; 1000 * 255 / 65535 = 3.89 -> 4.
    grey.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {0x8080, 1000, 65535});
    Path file = write(grey, "png", "grey16.png");

    BufferedImage read = ImageLoader.read(file);

    assertThat(Pixels.rgb(read)).containsExactly(0x808080, 0x040404, 0xFFFFFF);
  }

  @Test
  void reads_16_bit_rgb_png_scaled_to_8_bits() throws IOException {
    ComponentColorModel cm =
        new ComponentColorModel(
            ColorSpace.getInstance(ColorSpace.CS_sRGB),
            false,
            false,
            Transparency.OPAQUE,
            DataBuffer.TYPE_USHORT);
    WritableRaster raster = cm.createCompatibleWritableRaster(2, 1);
    raster.setPixel(0, 0, new int[] {65535, 0x8080, 0});
    raster.setPixel(1, 0, new int[] {0x4000, 0x4040, 0xC0C0});
    Path file = write(new BufferedImage(cm, raster, false, null), "png", "rgb16.png");

    BufferedImage read = ImageLoader.read(file);

    // v * 255 / 65535: 0x4000 -> 63.75 -> 64 (0x40), 0x4040 -> 64, 0xC0C0 -> 192 (0xC0).
    assertThat(Pixels.rgb(read)).containsExactly(0xFF8000, 0x4040C0);
  }

  @Test
  void composites_rgba_png_over_white() throws IOException {
    BufferedImage rgba = new BufferedImage(3, 1, BufferedImage.TYPE_INT_ARGB);
    rgba.setRGB(0, 0, 0x00000000); // fully transparent black -> white
    rgba.setRGB(1, 0, 0xFF102030); // opaque -> unchanged
    rgba.setRGB(2, 0, 0x80FF0000); // alpha 128/255 red
    Path file = write(rgba, "png", "rgba.png");

    BufferedImage read = ImageLoader.read(file);

    // Red: 255; green and blue: round(255 * (1 - 128/255)) = 127.
    assertThat(Pixels.rgb(read)).containsExactly(0xFFFFFF, 0x102030, 0xFF7F7F);
  }

  @Test
  void composites_grey_alpha_png_over_white() throws IOException {
    ComponentColorModel cm =
        new ComponentColorModel(
            ColorSpace.getInstance(ColorSpace.CS_GRAY),
            true,
            false,
            Transparency.TRANSLUCENT,
            DataBuffer.TYPE_BYTE);
    WritableRaster raster = cm.createCompatibleWritableRaster(3, 1);
    raster.setPixel(0, 0, new int[] {0, 0});
    raster.setPixel(1, 0, new int[] {100, 255});
    raster.setPixel(2, 0, new int[] {0, 51});
    Path file = write(new BufferedImage(cm, raster, false, null), "png", "greyalpha.png");

    BufferedImage read = ImageLoader.read(file);

    // Third: 0 * 0.2 + 255 * 0.8 = 204 (0xCC).
    assertThat(Pixels.rgb(read)).containsExactly(0xFFFFFF, 0x646464, 0xCCCCCC);
  }

  @Test
  void expands_palette_png_with_transparent_entry() throws IOException {
    byte[] r = {(byte) 255, 0, 0, 0};
    byte[] g = {0, (byte) 255, 0, 0};
    byte[] b = {0, 0, (byte) 255, 0};
    byte[] a = {(byte) 255, (byte) 255, (byte) 255, 0};
    IndexColorModel palette = new IndexColorModel(2, 4, r, g, b, a);
    BufferedImage indexed = new BufferedImage(4, 1, BufferedImage.TYPE_BYTE_BINARY, palette);
    indexed.getRaster().setSamples(0, 0, 4, 1, 0, new int[] {0, 1, 2, 3});
    Path file = write(indexed, "png", "palette.png");

    BufferedImage read = ImageLoader.read(file);

    assertThat(Pixels.rgb(read)).containsExactly(0xFF0000, 0x00FF00, 0x0000FF, 0xFFFFFF);
  }

  @Test
  void reads_cmyk_jpeg_through_the_twelvemonkeys_plugin() throws IOException {
    Path file = dir.resolve("cmyk.jpg");
    Files.write(file, cmykJpeg());

    BufferedImage read = ImageLoader.read(file);

    // Adobe CMYK stores inverted ink: 255 = no ink (white), 0 = full ink (black); stored
    // (0, 255, 255, 255) is full cyan. The plugin converts through a CMYK ICC profile, so the
    // colours are approximate: white, black, and a cyan with little red and much green and blue.
    assertThat(read.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
    assertThat(read.getWidth()).isEqualTo(24);
    assertThat(read.getHeight()).isEqualTo(8);
    int white = read.getRGB(3, 4);
    int black = read.getRGB(11, 4);
    int cyan = read.getRGB(19, 4);
    assertThat(Arrays.stream(channels(white)).min().getAsInt()).isGreaterThanOrEqualTo(240);
    assertThat(Arrays.stream(channels(black)).max().getAsInt()).isLessThanOrEqualTo(60);
    assertThat(channels(cyan)[0]).isLessThanOrEqualTo(60);
    assertThat(channels(cyan)[1]).isGreaterThanOrEqualTo(120);
    assertThat(channels(cyan)[2]).isGreaterThanOrEqualTo(180);
  }

  @Test
  void to_rgb_copies_an_rgb_image_without_sharing_pixels() {
    BufferedImage src = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
    src.setRGB(1, 1, 0xABCDEF);

    BufferedImage copy = ImageLoader.toRgb(src);
    copy.setRGB(1, 1, 0);

    assertThat(copy).isNotSameAs(src);
    assertThat(src.getRGB(1, 1) & 0xFFFFFF).isEqualTo(0xABCDEF);
  }

  @Test
  void to_rgb_converts_bgr_and_premultiplied_argb() {
    BufferedImage bgr = new BufferedImage(1, 1, BufferedImage.TYPE_3BYTE_BGR);
    bgr.setRGB(0, 0, 0x123456);
    BufferedImage pre = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB_PRE);
    pre.setRGB(0, 0, 0xFF654321);

    assertThat(Pixels.rgb(ImageLoader.toRgb(bgr))).containsExactly(0x123456);
    assertThat(Pixels.rgb(ImageLoader.toRgb(pre))).containsExactly(0x654321);
    assertThat(ImageLoader.toRgb(bgr).getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
  }

  @Test
  void rejects_missing_file() {
    Path file = dir.resolve("nope.jpg");

    assertThatThrownBy(() -> ImageLoader.read(file))
        .isExactlyInstanceOf(ImageReadException.class)
        .hasMessage("image '" + file + "': file does not exist");
  }

  @Test
  void rejects_directory() {
    assertThatThrownBy(() -> ImageLoader.read(dir))
        .isExactlyInstanceOf(ImageReadException.class)
        .hasMessage("image '" + dir + "': is a directory, not a file");
  }

  @Test
  void rejects_a_fifo_without_blocking() throws Exception {
    Path fifo = dir.resolve("pipe.png");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assumeTrue(mkfifo.waitFor() == 0, "mkfifo is available");

    assertThatThrownBy(() -> ImageLoader.read(fifo))
        .isExactlyInstanceOf(ImageReadException.class)
        .hasMessage(
            "image '"
                + fifo
                + "': is not a regular file (a FIFO, a device or another special file)");
  }

  @Test
  void rejects_a_symbolic_link_to_an_endless_device() throws IOException {
    Path zero = Path.of("/dev/zero");
    assumeTrue(Files.exists(zero), "/dev/zero exists");
    Path link = Files.createSymbolicLink(dir.resolve("zero.png"), zero);

    assertThatThrownBy(() -> ImageLoader.read(link))
        .isExactlyInstanceOf(ImageReadException.class)
        .hasMessage(
            "image '"
                + link
                + "': is not a regular file (a FIFO, a device or another special file)");
    assertThatThrownBy(() -> ContentHash.ofFile(link))
        .isExactlyInstanceOf(ImageReadException.class);
  }

  @Test
  void refuses_a_png_that_declares_30000_by_30000_pixels_before_decoding() throws IOException {
    byte[] png = encode(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png");
    // IHDR's data starts at byte 16 (8-byte signature, 4-byte length, "IHDR"): width then height,
    // big-endian; its CRC covers "IHDR" and the 13 data bytes and follows them at byte 29.
    ByteBuffer header = ByteBuffer.wrap(png);
    header.putInt(16, 30000).putInt(20, 30000);
    CRC32 crc = new CRC32();
    crc.update(png, 12, 17);
    header.putInt(29, (int) crc.getValue());
    Path file = Files.write(dir.resolve("bomb.png"), png);

    assertThatThrownBy(() -> ImageLoader.read(file))
        .isExactlyInstanceOf(ImageTooLargeException.class)
        .hasMessage(
            "image '"
                + file
                + "': declares 30000 x 30000 = 900000000 pixels, more than the limit of 89478485"
                + " (ImageLimits.maxPixels)");
  }

  @Test
  void the_pixel_limit_is_configurable() throws IOException {
    Path file = write(new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB), "png", "six.png");

    assertThat(ImageLoader.read(file, ImageLimits.DEFAULT.withMaxPixels(6)).getWidth())
        .isEqualTo(3);
    assertThatThrownBy(() -> ImageLoader.read(file, ImageLimits.DEFAULT.withMaxPixels(5)))
        .isExactlyInstanceOf(ImageTooLargeException.class)
        .hasMessage(
            "image '"
                + file
                + "': declares 3 x 2 = 6 pixels, more than the limit of 5"
                + " (ImageLimits.maxPixels)");
  }

  @Test
  void refuses_a_file_over_the_byte_limit() throws IOException {
    Path file = write(new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB), "png", "small.png");
    long size = Files.size(file);

    assertThat(ImageLoader.read(file, ImageLimits.DEFAULT.withMaxBytes(size)).getWidth())
        .isEqualTo(3);
    assertThatThrownBy(() -> ImageLoader.read(file, ImageLimits.DEFAULT.withMaxBytes(size - 1)))
        .isExactlyInstanceOf(ImageTooLargeException.class)
        .hasMessage(
            "image '"
                + file
                + "': file has more than "
                + (size - 1)
                + " bytes, the limit (ImageLimits.maxBytes)");
  }

  @Test
  void limits_reject_non_positive_values() {
    assertThatThrownBy(() -> new ImageLimits(0, 1))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxPixels must be >= 1, but is: 0");
    assertThatThrownBy(() -> ImageLimits.DEFAULT.withMaxBytes(-1))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxBytes must be in [1, 2147483639], but is: -1");
    // PIL's MAX_IMAGE_PIXELS = 1024 * 1024 * 1024 // 4 // 3; 256 MiB bytes.
    assertThat(ImageLimits.DEFAULT).isEqualTo(new ImageLimits(89_478_485L, 268_435_456L));
  }

  @Test
  void rejects_empty_file() throws IOException {
    Path file = Files.write(dir.resolve("empty.png"), new byte[0]);

    assertThatThrownBy(() -> ImageLoader.read(file))
        .isExactlyInstanceOf(ImageReadException.class)
        .hasMessage("image '" + file + "': file is empty");
  }

  @Test
  void rejects_garbage_bytes() throws IOException {
    byte[] garbage = new byte[1000];
    new SplittableRandom(7).nextBytes(garbage);
    garbage[0] = 'x'; // no format's magic number starts with 'x'
    Path file = Files.write(dir.resolve("garbage.jpg"), garbage);

    assertThatThrownBy(() -> ImageLoader.read(file))
        .isExactlyInstanceOf(ImageReadException.class)
        .hasMessage("image '" + file + "': no image reader recognises the file's format");
  }

  @Test
  void rejects_truncated_jpeg_that_imageio_would_fill_with_grey() throws IOException {
    byte[] full = encode(noisyImage(64, 48), "jpeg");
    Path file = Files.write(dir.resolve("cut.jpg"), Arrays.copyOf(full, full.length / 2));

    assertThatThrownBy(() -> ImageLoader.read(file))
        .isExactlyInstanceOf(ImageReadException.class)
        .hasMessage("image '" + file + "': file is truncated or corrupt")
        .cause()
        .hasMessageStartingWith("decoder warnings: [");
  }

  @Test
  void rejects_jpeg_missing_only_its_end_marker() throws IOException {
    byte[] full = encode(noisyImage(64, 48), "jpeg");
    Path file = Files.write(dir.resolve("noeoi.jpg"), Arrays.copyOf(full, full.length - 2));

    assertThatThrownBy(() -> ImageLoader.read(file))
        .isExactlyInstanceOf(ImageReadException.class)
        .hasMessage("image '" + file + "': file is truncated or corrupt");
  }

  @Test
  void rejects_truncated_png() throws IOException {
    byte[] full = encode(noisyImage(64, 48), "png");
    Path file = Files.write(dir.resolve("cut.png"), Arrays.copyOf(full, full.length / 2));

    assertThatThrownBy(() -> ImageLoader.read(file))
        .isExactlyInstanceOf(ImageReadException.class)
        .hasMessage("image '" + file + "': file is truncated or corrupt");
  }

  @Test
  void rejects_png_cut_inside_its_header() throws IOException {
    byte[] full = encode(noisyImage(64, 48), "png");
    Path file = Files.write(dir.resolve("header.png"), Arrays.copyOf(full, 20));

    assertThatThrownBy(() -> ImageLoader.read(file))
        .isExactlyInstanceOf(ImageReadException.class)
        .hasMessage("image '" + file + "': file is truncated or corrupt");
  }

  @Test
  void reads_complete_jpeg_without_complaint() throws IOException {
    Path file = Files.write(dir.resolve("ok.jpg"), encode(noisyImage(64, 48), "jpeg"));

    BufferedImage read = ImageLoader.read(file);

    assertThat(read.getWidth()).isEqualTo(64);
    assertThat(read.getHeight()).isEqualTo(48);
  }

  static BufferedImage noisyImage(int w, int h) {
    SplittableRandom random = new SplittableRandom(42);
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, random.nextInt(1 << 24));
      }
    }
    return img;
  }

  private static int[] channels(int rgb) {
    return new int[] {rgb >> 16 & 0xFF, rgb >> 8 & 0xFF, rgb & 0xFF};
  }

  private Path write(BufferedImage image, String format, String name) throws IOException {
    return Files.write(dir.resolve(name), encode(image, format));
  }

  private static byte[] encode(BufferedImage image, String format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(ImageIO.write(image, format, out)).as("a writer for " + format).isTrue();
    return out.toByteArray();
  }

  /**
   * A 24x8 CMYK JPEG: three 8x8 blocks storing (255,255,255,255), (0,0,0,0), (0,255,255,255). The
   * JPEG writer encodes a 4-band raster as is; an Adobe APP14 marker (transform 0) inserted after
   * SOI tells readers the four components are CMYK (Adobe's inverted convention).
   */
  private static byte[] cmykJpeg() throws IOException {
    return CmykJpegs.encode(
        24, 8, (x, y) -> x < 8 ? new int[] {255, 255, 255, 255} : x < 16 ? new int[4] : cyan());
  }

  private static int[] cyan() {
    return new int[] {0, 255, 255, 255};
  }
}
