package dev.mia.core.eval;

import java.util.List;

/**
 * One answered question about one image (the target) of a multi-image prompt.
 *
 * @param id the item's id, for reports
 * @param targetIndex the 0-based index of the image the question is about
 * @param images what is true of each image, in prompt order
 * @param answer the model's answer
 */
public record MultiImageItem(String id, int targetIndex, List<ImageTruth> images, String answer) {
  /**
   * Validates and copies the components.
   *
   * @param id the item's id, for reports
   * @param targetIndex the 0-based index of the image the question is about
   * @param images what is true of each image, in prompt order
   * @param answer the model's answer
   * @throws IllegalArgumentException if there is no image, the target index is out of range, or the
   *     target image has no acceptable answer
   */
  public MultiImageItem {
    images = List.copyOf(images);
    if (images.isEmpty()) {
      throw new IllegalArgumentException("images of " + id + " must not be empty");
    }
    if (targetIndex < 0 || targetIndex >= images.size()) {
      throw new IllegalArgumentException(
          "targetIndex of "
              + id
              + " must be in [0, "
              + (images.size() - 1)
              + "], but is: "
              + targetIndex);
    }
    if (images.get(targetIndex).answers().isEmpty()) {
      throw new IllegalArgumentException(
          "the target image of " + id + " must have at least one acceptable answer");
    }
  }

  /**
   * Returns the target image's truth.
   *
   * @return {@code images().get(targetIndex())}
   */
  public ImageTruth target() {
    return images.get(targetIndex);
  }
}
