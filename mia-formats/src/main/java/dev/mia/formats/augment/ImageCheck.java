package dev.mia.formats.augment;

/**
 * Whether the sequence format decodes the images it refers to. Collages and insets always decode
 * theirs.
 */
public enum ImageCheck {
  /**
   * Decode every image of a sequence sample and skip the sample if one cannot be read (the
   * default): no output refers to a broken file.
   */
  DECODE,
  /** Refer to the files without opening them: much faster, but broken files go unnoticed. */
  NONE
}
