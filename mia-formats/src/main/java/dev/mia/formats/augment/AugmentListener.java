package dev.mia.formats.augment;

import dev.mia.core.data.MultiImageSample;

/**
 * Hears what an augmentation run does, sample by sample. Calls come from the thread that called
 * {@link MultiImageAugmenter#run}, in input order, never concurrently.
 */
public interface AugmentListener {
  /** A listener that ignores everything. */
  AugmentListener NONE = new AugmentListener() {};

  /**
   * Called for each built sample, just before it goes to the sink.
   *
   * @param sample the sample
   */
  default void built(MultiImageSample sample) {}

  /**
   * Called for each skipped input sample.
   *
   * @param skipped the sample and the reason
   */
  default void skipped(SkippedSample skipped) {}

  /**
   * Called after each input sample has been handled.
   *
   * @param inputsDone how many input samples have been handled so far
   */
  default void progress(long inputsDone) {}
}
