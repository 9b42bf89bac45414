package dev.mia.core.model;

import static java.util.Objects.requireNonNull;

/**
 * A prompt to answer, optionally continuing a given start of the answer. BDHS (arXiv 2407.02477)
 * cuts each reference sentence at a random point and lets the model complete it from that prefix.
 *
 * @param prompt what the model is asked
 * @param answerPrefix the start of the answer, forced before generation begins; may be empty
 */
public record GenerationRequest(Prompt prompt, String answerPrefix) {
  /**
   * Validates the request.
   *
   * @param prompt what the model is asked
   * @param answerPrefix the start of the answer, forced before generation begins; may be empty
   */
  public GenerationRequest {
    requireNonNull(prompt, "prompt");
    requireNonNull(answerPrefix, "answerPrefix");
  }

  /**
   * Creates a request to answer from scratch.
   *
   * @param prompt what the model is asked
   * @return the request
   */
  public static GenerationRequest of(Prompt prompt) {
    return new GenerationRequest(prompt, "");
  }
}
