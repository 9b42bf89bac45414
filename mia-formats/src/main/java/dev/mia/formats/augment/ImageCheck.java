package dev.mia.formats.augment;

/**
 * Whether the sequence format decodes the images it refers to. Collages and insets always decode
 * theirs.
 */
public enum ImageCheck {
  /**
   * Decode every image of a sequence sample (the default): a sample whose own image cannot be read
   * is skipped, a companion that cannot be read is left out and drawn again, so no output refers to
   * a broken file.
   */
  DECODE,
  /** Refer to the files without opening them: much faster, but broken files go unnoticed. */
  NONE
}
