package dev.mia.selection.vig;

import static java.util.Objects.requireNonNull;

import dev.mia.core.model.Prompt;

/**
 * One preference pair to anchor: its id, the prompt with its images, and both answers.
 *
 * @param pairId the pair's id, named in errors and seeding the corruption
 * @param prompt the prompt, with at least one image
 * @param chosen the chosen answer; not blank
 * @param rejected the rejected answer; not blank
 */
public record AnchorRequest(String pairId, Prompt prompt, String chosen, String rejected) {
  /**
   * Checks that no component is null (the answers and images are checked when scored).
   *
   * @param pairId the pair's id
   * @param prompt the prompt
   * @param chosen the chosen answer
   * @param rejected the rejected answer
   */
  public AnchorRequest {
    requireNonNull(pairId, "pairId");
    requireNonNull(prompt, "prompt");
    requireNonNull(chosen, "chosen");
    requireNonNull(rejected, "rejected");
  }
}
