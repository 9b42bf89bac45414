package dev.mia.core.model;

import static java.util.Objects.requireNonNull;

/**
 * A prompt and an answer to score teacher-forced.
 *
 * @param prompt what the model is asked
 * @param answer the answer whose tokens are scored; not blank
 */
public record ScoreRequest(Prompt prompt, String answer) {
  /**
   * Validates the request.
   *
   * @param prompt what the model is asked
   * @param answer the answer whose tokens are scored; not blank
   */
  public ScoreRequest {
    requireNonNull(prompt, "prompt");
    requireNonNull(answer, "answer");
    if (answer.isBlank()) {
      throw new IllegalArgumentException("answer must not be blank");
    }
  }
}
