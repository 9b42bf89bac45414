package dev.mia.core.image;

/** Where a smaller image goes on a larger canvas when it is padded. */
public enum Placement {
  /**
   * At the top-left corner, background to the right and below: how MIA-DPO's grid collage places a
   * resized tile in its 448x448 cell.
   */
  TOP_LEFT,

  /**
   * Centred; when the spare space is odd, the extra pixel goes to the right or bottom (offset
   * {@code floor((canvas - image) / 2)}).
   */
  CENTRE
}
