package dev.mia.formats.augment;

/** What to do with samples whose conversation holds bounding boxes. */
public enum BoxPolicy {
  /**
   * Skip them (the default, as MIA-DPO does): a collage or an inset moves the picture, so the
   * coordinates would be wrong. Detected by {@link dev.mia.formats.BoundingBoxes}.
   */
  EXCLUDE,
  /** Keep them, for example when only the sequence format is used. */
  KEEP
}
