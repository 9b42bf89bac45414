package dev.mia.core.model;

import static java.util.Objects.requireNonNull;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * One row of a training batch: a tokenised prompt with its decoded images, followed by the answer
 * tokens to score.
 *
 * <p>Token {@code t >= promptLength} of {@link #ids()} is scored as {@code log p(ids[t] |
 * ids[<t])}; the tokens before {@code promptLength} are context only.
 *
 * @param images the decoded images, one per image span, in order; copied
 * @param ids the prompt's ids followed by the answer's (and suffix) ids; copied
 * @param promptLength how many leading ids are the prompt, at least 1
 * @param imageSpans where each image's tokens sit in {@code ids}
 */
public record TokenSequence(
    List<BufferedImage> images, List<Integer> ids, int promptLength, ImageSpans imageSpans) {
  /**
   * Validates the row.
   *
   * @param images the decoded images, one per image span, in order; copied
   * @param ids the prompt's ids followed by the answer's (and suffix) ids; copied
   * @param promptLength how many leading ids are the prompt, at least 1
   * @param imageSpans where each image's tokens sit in {@code ids}
   * @throws IllegalArgumentException if the prompt is empty, there is no answer token, the spans do
   *     not match the images or an image span reaches into the answer
   */
  public TokenSequence {
    images = List.copyOf(requireNonNull(images, "images"));
    ids = List.copyOf(requireNonNull(ids, "ids"));
    requireNonNull(imageSpans, "imageSpans");
    if (promptLength < 1) {
      throw new IllegalArgumentException("promptLength must be >= 1, but is: " + promptLength);
    }
    if (ids.size() <= promptLength) {
      throw new IllegalArgumentException(
          "ids must hold at least one answer token after the "
              + promptLength
              + " prompt tokens, but has "
              + ids.size()
              + " ids");
    }
    if (imageSpans.size() != images.size()) {
      throw new IllegalArgumentException(
          "imageSpans must have one span per image ("
              + images.size()
              + "), but has "
              + imageSpans.size());
    }
    if (imageSpans.size() > 0 && imageSpans.get(imageSpans.size() - 1).end() > promptLength) {
      throw new IllegalArgumentException(
          "image spans must lie inside the prompt's "
              + promptLength
              + " tokens, but the last is "
              + imageSpans.get(imageSpans.size() - 1));
    }
  }

  /**
   * Returns the number of scored tokens after the prompt.
   *
   * @return {@code ids().size() - promptLength()}
   */
  public int answerLength() {
    return ids.size() - promptLength;
  }
}
