package dev.mia.core.model;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The image spans of one sequence, in the order the images appear in the prompt.
 *
 * @param spans the spans, sorted by start and not overlapping; copied
 */
public record ImageSpans(List<ImageSpan> spans) {
  /** A sequence without images. */
  public static final ImageSpans NONE = new ImageSpans(List.of());

  /**
   * Validates the spans.
   *
   * @param spans the spans, sorted by start and not overlapping; copied
   */
  public ImageSpans {
    spans = List.copyOf(requireNonNull(spans, "spans"));
    for (int i = 1; i < spans.size(); i++) {
      if (spans.get(i).start() < spans.get(i - 1).end()) {
        throw new IllegalArgumentException(
            "image spans must be sorted and disjoint, but span "
                + i
                + " "
                + spans.get(i)
                + " starts before span "
                + (i - 1)
                + " "
                + spans.get(i - 1)
                + " ends");
      }
    }
  }

  /**
   * Creates spans from a list of spans.
   *
   * @param spans the spans, in prompt order
   * @return the spans
   */
  public static ImageSpans of(ImageSpan... spans) {
    return new ImageSpans(List.of(spans));
  }

  /**
   * Returns the number of images.
   *
   * @return the number of spans
   */
  public int size() {
    return spans.size();
  }

  /**
   * Returns the span of the image at a given index.
   *
   * @param image the 0-based image index, in prompt order
   * @return its span
   * @throws IndexOutOfBoundsException if there is no such image
   */
  public ImageSpan get(int image) {
    return spans.get(image);
  }

  /**
   * Returns the total number of image tokens.
   *
   * @return the sum of the spans' lengths
   */
  public int totalTokens() {
    int total = 0;
    for (ImageSpan span : spans) {
      total += span.length();
    }
    return total;
  }
}
