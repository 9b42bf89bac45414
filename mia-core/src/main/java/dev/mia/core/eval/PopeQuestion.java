package dev.mia.core.eval;

/**
 * One POPE probe, as a line of {@code coco_pope_{split}.json}.
 *
 * @param questionId the 1-based running id
 * @param image the image's file name or id
 * @param object the object asked about
 * @param text the question, e.g. {@code "Is there a dog in the image?"}
 * @param label YES if the object is in the image
 */
public record PopeQuestion(int questionId, String image, String object, String text, YesNo label) {
  /**
   * Validates the components.
   *
   * @param questionId the 1-based running id
   * @param image the image's file name or id
   * @param object the object asked about
   * @param text the question, e.g. {@code "Is there a dog in the image?"}
   * @param label YES if the object is in the image
   * @throws IllegalArgumentException if the id is below 1 or a text is blank
   */
  public PopeQuestion {
    if (questionId < 1) {
      throw new IllegalArgumentException("questionId must be >= 1, but is: " + questionId);
    }
    if (image.isBlank() || object.isBlank() || text.isBlank()) {
      throw new IllegalArgumentException("image, object and text must not be blank");
    }
  }
}
