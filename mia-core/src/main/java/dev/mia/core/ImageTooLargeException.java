package dev.mia.core;

import java.nio.file.Path;

/**
 * An image file refused by {@link dev.mia.core.image.ImageLimits} before it is decoded: it declares
 * more pixels than the pixel limit (a decompression bomb) or holds more bytes than the byte limit.
 * The message names the path and both numbers: {@code image 'big.png': declares 30000 x 30000 =
 * 900000000 pixels, more than the limit of 89478485 (ImageLimits.maxPixels)}. It is an {@link
 * ImageReadException}, so pipelines skip the sample that owns the image and go on.
 */
public class ImageTooLargeException extends ImageReadException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception for the image at the given path.
   *
   * @param path the image's path
   * @param problem what is too large, with the limit, without the path
   */
  public ImageTooLargeException(Path path, String problem) {
    super(path, problem, null);
  }
}
