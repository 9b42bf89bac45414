package dev.mia.loss.symmpo;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * One model's (policy's or reference's) sequence log-probabilities of a SymMPO batch, each {@code
 * [B]}: image {@code m} is the pair's image, {@code m'} the contrast image, {@code y_w} and {@code
 * y_l} the chosen and rejected answers for {@code m}, {@code y'} the answer that is right for
 * {@code m'} (and wrong for {@code m}). The record does not own its arrays.
 *
 * @param chosen {@code log pi(y_w | x, m)}
 * @param rejected {@code log pi(y_l | x, m)}
 * @param contrastAnswer {@code log pi(y' | x, m)}
 * @param chosenOnContrastImage {@code log pi(y_w | x, m')}
 * @param contrastAnswerOnContrastImage {@code log pi(y' | x, m')}
 */
public record SymMpoSide(
    NDArray chosen,
    NDArray rejected,
    NDArray contrastAnswer,
    NDArray chosenOnContrastImage,
    NDArray contrastAnswerOnContrastImage) {
  /**
   * Validates that every array is {@code [B]} with the shape of {@code chosen}, {@code B > 0}.
   *
   * @param chosen {@code log pi(y_w | x, m)}
   * @param rejected {@code log pi(y_l | x, m)}
   * @param contrastAnswer {@code log pi(y' | x, m)}
   * @param chosenOnContrastImage {@code log pi(y_w | x, m')}
   * @param contrastAnswerOnContrastImage {@code log pi(y' | x, m')}
   * @throws IllegalArgumentException if a shape differs (naming both) or the batch is empty
   */
  public SymMpoSide {
    requireNonNull(chosen, "chosen");
    Shape shape = chosen.getShape();
    if (shape.dimension() != 1 || shape.get(0) == 0) {
      throw new IllegalArgumentException("chosen must be [B] with B > 0, but has shape: " + shape);
    }
    check("rejected", rejected, shape);
    check("contrastAnswer", contrastAnswer, shape);
    check("chosenOnContrastImage", chosenOnContrastImage, shape);
    check("contrastAnswerOnContrastImage", contrastAnswerOnContrastImage, shape);
  }

  private static void check(String name, NDArray array, Shape expected) {
    requireNonNull(array, name);
    if (!array.getShape().equals(expected)) {
      throw new IllegalArgumentException(
          name + " shape " + array.getShape() + " does not match chosen shape " + expected);
    }
  }

  NDArray[] arrays() {
    return new NDArray[] {
      chosen, rejected, contrastAnswer, chosenOnContrastImage, contrastAnswerOnContrastImage
    };
  }

  static String[] names() {
    return new String[] {
      "chosen",
      "rejected",
      "contrastAnswer",
      "chosenOnContrastImage",
      "contrastAnswerOnContrastImage"
    };
  }
}
