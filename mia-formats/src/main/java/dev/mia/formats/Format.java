package dev.mia.formats;

import dev.mia.core.InvalidSampleException;
import dev.mia.core.data.MultiImageFormat;
import dev.mia.core.data.MultiImageSample;
import dev.mia.core.data.SftSample;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * One of MIA-DPO's ways to turn a single-image sample and companion images into multi-image samples
 * (Liu et al., arXiv 2410.17637, section 3.2): {@link SequenceFormat}, {@link GridFormat}, {@link
 * PicInPicFormat}. The augmenter, the examples and users compose every format through this one
 * method, on files or on images in memory alike.
 *
 * <p>Every sample built records, in its layout, the source of each place ({@link
 * dev.mia.core.data.Layout#sources()}: the pictures' ids and content hashes) and, in its
 * provenance, the companions' ids in the order given. Implementations are immutable and
 * thread-safe; all randomness comes from the given source.
 */
public sealed interface Format permits SequenceFormat, GridFormat, PicInPicFormat {

  /**
   * Returns which of MIA-DPO's formats this is.
   *
   * @return the format's kind
   */
  MultiImageFormat kind();

  /**
   * Tells whether this format builds a sample of {@code imageCount} source images.
   *
   * @param imageCount the target plus its companions
   * @return true if the count is allowed
   */
  boolean accepts(int imageCount);

  /**
   * Tells whether this format composes a canvas, and so needs every picture's pixels.
   *
   * @return true for the grid and pic-in-pic formats, false for the sequence
   */
  boolean composes();

  /**
   * Builds the multi-image samples of one single-image sample.
   *
   * @param target a single-image sample
   * @param targetPicture the target's image ({@code target.images().get(0)}, decoded if this format
   *     {@link #composes()})
   * @param companions the companion images, in the order they were drawn; as many as the format
   *     needs ({@code accepts(companions.size() + 1)}), decoded if it composes
   * @param random the source of every draw (shuffle, phrases, refusal)
   * @return the samples, the regular one first (a sequence may add a refusal sample); composed
   *     canvases are {@link dev.mia.core.data.ImageRef.InMemory}
   * @throws InvalidSampleException if the target does not show exactly one image
   * @throws IllegalArgumentException if the number of companions is not accepted
   * @throws IllegalStateException if the format composes and a picture has no pixels
   */
  List<MultiImageSample> build(
      SftSample target, Picture targetPicture, List<Picture> companions, RandomGenerator random);
}
