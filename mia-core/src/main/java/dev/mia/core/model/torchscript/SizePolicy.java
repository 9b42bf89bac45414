package dev.mia.core.model.torchscript;

/** What {@link ResizeNormalize} does with an image whose size differs from its target size. */
public enum SizePolicy {
  /** Resize to the target size, ignoring the aspect ratio, with mia-core's quality resampling. */
  RESIZE,
  /**
   * Reject it with {@link IllegalArgumentException}: for pipelines that resize (or crop, or pad)
   * beforehand and want a mistake caught rather than hidden.
   */
  REQUIRE_EXACT
}
