package dev.mia.formats;

import static java.util.Objects.requireNonNull;

import dev.mia.core.data.ImageRef;
import dev.mia.core.data.SourceImage;
import java.awt.image.BufferedImage;
import org.jspecify.annotations.Nullable;

/**
 * An image a {@link Format} places: its reference, which the built sample records as the source of
 * the place ({@link SourceImage}), and its decoded pixels when the format composes a canvas.
 *
 * <p>An {@link ImageRef.InMemory} always has its pixels; a file has them once decoded. Formats that
 * compose ({@link Format#composes()}) need pixels for every picture; the sequence format needs
 * none.
 *
 * @param ref the image as the built sample refers to it
 * @param pixels the decoded image, or {@code null} if not decoded; not copied, not modified
 */
public record Picture(ImageRef ref, @Nullable BufferedImage pixels) {
  /**
   * Validates the components and takes an in-memory reference's pixels when none are given.
   *
   * @param ref the image as the built sample refers to it
   * @param pixels the decoded image, or {@code null} if not decoded
   */
  public Picture {
    requireNonNull(ref, "ref");
    if (pixels == null && ref instanceof ImageRef.InMemory inMemory) {
      pixels = inMemory.image();
    }
  }

  /**
   * Returns the picture of an in-memory image, hashing its pixels.
   *
   * @param image the image; not copied
   * @return the picture
   */
  public static Picture of(BufferedImage image) {
    return new Picture(ImageRef.InMemory.of(image), image);
  }

  /**
   * Returns a picture whose pixels are not decoded (a file the sequence format only refers to), or
   * an in-memory one.
   *
   * @param ref the reference
   * @return the picture
   */
  public static Picture of(ImageRef ref) {
    return new Picture(ref, null);
  }

  /**
   * Returns the image's source record: its id and content hash.
   *
   * @return {@link SourceImage#of(ImageRef)} of the reference
   */
  public SourceImage source() {
    return SourceImage.of(ref);
  }

  /**
   * Returns the decoded pixels, which a composing format needs.
   *
   * @return the pixels
   * @throws IllegalStateException if the picture was not decoded
   */
  public BufferedImage requirePixels() {
    if (pixels == null) {
      throw new IllegalStateException(
          "image '" + source().id() + "' is not decoded; a composing format needs its pixels");
    }
    return pixels;
  }
}
