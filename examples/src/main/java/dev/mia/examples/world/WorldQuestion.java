package dev.mia.examples.world;

import static java.util.Objects.requireNonNull;

import dev.mia.core.eval.PopeSampling;
import org.jspecify.annotations.Nullable;

/**
 * A question about a scene and its exact answer.
 *
 * @param type the kind of question
 * @param text the question, e.g. {@code What colour is the circle?}
 * @param answer the exact answer, e.g. {@code red}
 * @param popeSampling for existence questions, how POPE picked the object; else {@code null}
 */
public record WorldQuestion(
    QuestionType type, String text, String answer, @Nullable PopeSampling popeSampling) {
  /**
   * Validates the question.
   *
   * @param type the kind of question
   * @param text the question, e.g. {@code What colour is the circle?}
   * @param answer the exact answer, e.g. {@code red}
   * @param popeSampling for existence questions, how POPE picked the object; else {@code null}
   */
  public WorldQuestion {
    requireNonNull(type, "type");
    requireNonNull(text, "text");
    requireNonNull(answer, "answer");
    if (text.isBlank() || answer.isBlank()) {
      throw new IllegalArgumentException("text and answer must not be blank");
    }
    if ((type == QuestionType.EXISTENCE) != (popeSampling != null)) {
      throw new IllegalArgumentException(
          "popeSampling must be set exactly for existence questions, but type is "
              + type
              + " and popeSampling is "
              + popeSampling);
    }
  }

  /**
   * Creates a question that is not an existence question.
   *
   * @param type the kind, not {@link QuestionType#EXISTENCE}
   * @param text the question
   * @param answer the answer
   * @return the question
   */
  public static WorldQuestion of(QuestionType type, String text, String answer) {
    return new WorldQuestion(type, text, answer, null);
  }
}
