package dev.mia.core.eval;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What is true of one image of a multi-image prompt, for {@link MultiImageJudge}.
 *
 * @param answers the acceptable answers to the question if it were asked about this image (e.g.
 *     {@code "red"} for "What colour is the cube?"); for the target image at least one
 * @param attributes the attribute values of this image's objects that an answer could borrow
 *     (colours, counts, positions, object names, e.g. {@code "red"}, {@code "3"}, {@code "left"})
 */
public record ImageTruth(Set<String> answers, Set<String> attributes) {
  /**
   * Validates and copies the components; iteration order is kept.
   *
   * @param answers the acceptable answers to the question if it were asked about this image (e.g.
   *     {@code "red"} for "What colour is the cube?"); for the target image at least one
   * @param attributes the attribute values of this image's objects that an answer could borrow
   *     (colours, counts, positions, object names, e.g. {@code "red"}, {@code "3"}, {@code "left"})
   * @throws IllegalArgumentException if an answer or attribute is blank
   */
  public ImageTruth {
    answers = copyNonBlank("answers", answers);
    attributes = copyNonBlank("attributes", attributes);
  }

  private static Set<String> copyNonBlank(String name, Set<String> values) {
    for (String value : values) {
      if (value.isBlank()) {
        throw new IllegalArgumentException(name + " must not hold a blank value");
      }
    }
    return Collections.unmodifiableSet(new LinkedHashSet<>(values));
  }
}
