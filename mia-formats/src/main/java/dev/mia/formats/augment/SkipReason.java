package dev.mia.formats.augment;

/** Why a sample gave no multi-image sample. */
public enum SkipReason {
  /** The sample does not show exactly one image file (text-only, several images, in memory). */
  NOT_ONE_IMAGE_FILE,
  /** A turn holds a bounding box, which a collage or an inset would make wrong. */
  HAS_BOUNDING_BOX,
  /** The target's group in the companion pool has too few other images for the drawn count. */
  TOO_FEW_COMPANIONS,
  /** The target or a companion image cannot be read. */
  UNREADABLE_IMAGE,
  /** The rewritten sample breaks a rule of {@link dev.mia.core.data.MultiImageSample}. */
  INVALID_SAMPLE
}
