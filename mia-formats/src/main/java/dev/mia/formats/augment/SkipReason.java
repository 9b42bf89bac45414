package dev.mia.formats.augment;

/** Why a sample gave no multi-image sample. */
public enum SkipReason {
  /**
   * The sample does not show exactly one image (text-only, several images); a file or an image in
   * memory both count.
   */
  NOT_ONE_IMAGE_FILE,
  /** A turn holds a bounding box, which a collage or an inset would make wrong. */
  HAS_BOUNDING_BOX,
  /** The target's group in the companion pool has too few other images for the drawn count. */
  TOO_FEW_COMPANIONS,
  /**
   * The sample's own image cannot be read. (A companion that cannot be read never costs the sample
   * that drew it: it is left out and the companions are drawn again.)
   */
  UNREADABLE_IMAGE,
  /** The rewritten sample breaks a rule of {@link dev.mia.core.data.MultiImageSample}. */
  INVALID_SAMPLE
}
