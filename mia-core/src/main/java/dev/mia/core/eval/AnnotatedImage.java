package dev.mia.core.eval;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An image and the objects annotated in it, the input line of POPE's builder ({@code {"image":
 * "COCO_val2014_000000131089.jpg", "objects": ["person", "baseball bat"]}}).
 *
 * @param image the image's file name or id
 * @param objects the objects present, in annotation order (the first ones become the "yes"
 *     questions), without duplicates
 */
public record AnnotatedImage(String image, List<String> objects) {
  /**
   * Validates and copies the components.
   *
   * @param image the image's file name or id
   * @param objects the objects present, in annotation order (the first ones become the "yes"
   *     questions), without duplicates
   * @throws IllegalArgumentException if the image id or an object is blank, or an object repeats
   */
  public AnnotatedImage {
    if (image.isBlank()) {
      throw new IllegalArgumentException("image must not be blank");
    }
    objects = List.copyOf(objects);
    Set<String> seen = new HashSet<>();
    for (String object : objects) {
      if (object.isBlank()) {
        throw new IllegalArgumentException("objects of " + image + " must not hold a blank name");
      }
      if (!seen.add(object)) {
        throw new IllegalArgumentException(
            "objects of " + image + " must not repeat, but holds twice: " + object);
      }
    }
  }
}
