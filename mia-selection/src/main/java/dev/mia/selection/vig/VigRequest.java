package dev.mia.selection.vig;

import static java.util.Objects.requireNonNull;

import dev.mia.core.InvalidSampleException;
import dev.mia.core.model.Prompt;

/**
 * One sample to score: its id, the prompt with its images, and the answer whose tokens are scored.
 *
 * @param sampleId the sample's id, named in errors
 * @param prompt the prompt, with at least one image
 * @param answer the answer; not blank
 */
public record VigRequest(String sampleId, Prompt prompt, String answer) {
  /**
   * Validates the request.
   *
   * @param sampleId the sample's id, named in errors
   * @param prompt the prompt, with at least one image
   * @param answer the answer; not blank
   * @throws InvalidSampleException if the prompt has no image or the answer is blank
   */
  public VigRequest {
    requireNonNull(sampleId, "sampleId");
    requireNonNull(prompt, "prompt");
    requireNonNull(answer, "answer");
    if (prompt.images().isEmpty()) {
      throw new InvalidSampleException(
          sampleId, "has no image; VIG is defined for multimodal samples only");
    }
    if (answer.isBlank()) {
      throw new InvalidSampleException(sampleId, "the answer is empty");
    }
  }
}
