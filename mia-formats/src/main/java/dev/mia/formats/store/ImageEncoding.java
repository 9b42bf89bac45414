package dev.mia.formats.store;

/**
 * How composed images are encoded: lossless PNG or JPEG at a quality.
 *
 * <p>Both go through the JDK's ImageIO writers with fixed settings, so the same pixels give the
 * same bytes on a given JDK.
 */
public sealed interface ImageEncoding permits ImageEncoding.Png, ImageEncoding.Jpeg {

  /**
   * Returns the file name extension, without the dot.
   *
   * @return {@code png} or {@code jpg}
   */
  String extension();

  /**
   * Returns PNG, the default.
   *
   * @return the encoding
   */
  static ImageEncoding png() {
    return new Png();
  }

  /**
   * Returns JPEG at a quality.
   *
   * @param quality the ImageIO compression quality, in [0, 1]
   * @return the encoding
   * @throws IllegalArgumentException if the quality is not in [0, 1]
   */
  static ImageEncoding jpeg(float quality) {
    return new Jpeg(quality);
  }

  /** Lossless PNG, written by ImageIO's default PNG writer. */
  record Png() implements ImageEncoding {
    @Override
    public String extension() {
      return "png";
    }
  }

  /**
   * Baseline JPEG, written by the first ImageIO JPEG writer with an explicit compression quality.
   *
   * @param quality the compression quality, in [0, 1] (ImageIO's scale; 0.75 is ImageIO's default)
   */
  record Jpeg(float quality) implements ImageEncoding {
    /**
     * Validates the components; see the type's documentation for the rules.
     *
     * @param quality the compression quality, in [0, 1] (ImageIO's scale; 0.75 is ImageIO's
     *     default)
     */
    public Jpeg {
      if (!(quality >= 0f && quality <= 1f)) {
        throw new IllegalArgumentException("quality must be in [0, 1], but is: " + quality);
      }
    }

    @Override
    public String extension() {
      return "jpg";
    }
  }
}
