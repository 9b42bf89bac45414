package dev.mia.benchmarks.formats;

import dev.mia.benchmarks.image.PhotoLikeImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Nine 640x480 photo-like images as a decoder hands them over: each {@link PhotoLikeImage} (seeds
 * 100 to 108) is written as a JPEG and read back, which gives ImageIO's {@code TYPE_3BYTE_BGR}
 * layout of decoded photos.
 */
final class DecodedPhotos {
  static final int COUNT = 9;
  static final int WIDTH = 640;
  static final int HEIGHT = 480;

  private DecodedPhotos() {}

  /**
   * Creates the images.
   *
   * @return nine decoded images
   * @throws UncheckedIOException if ImageIO cannot encode or decode JPEG
   */
  static List<BufferedImage> create() {
    List<BufferedImage> images = new ArrayList<>(COUNT);
    for (int i = 0; i < COUNT; i++) {
      BufferedImage photo = PhotoLikeImage.create(WIDTH, HEIGHT, 100 + i);
      try {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(photo, "jpeg", bytes)) {
          throw new IOException("no ImageIO writer for JPEG");
        }
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()));
        if (decoded == null) {
          throw new IOException("no ImageIO reader for JPEG");
        }
        images.add(decoded);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot round-trip photo " + i + " through JPEG", e);
      }
    }
    return List.copyOf(images);
  }
}
