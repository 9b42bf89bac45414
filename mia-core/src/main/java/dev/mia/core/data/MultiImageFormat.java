package dev.mia.core.data;

/**
 * MIA-DPO's three ways to make a multi-image sample from single-image ones (Liu et al., arXiv
 * 2410.17637, section 3).
 */
public enum MultiImageFormat {
  /** Several separate images, one {@code <image>} placeholder each. */
  SEQUENCE,
  /** One collage of labelled tiles in a grid, one placeholder. */
  GRID,
  /** The target pasted, scaled down, in the centre of another image; one placeholder. */
  PIC_IN_PIC
}
