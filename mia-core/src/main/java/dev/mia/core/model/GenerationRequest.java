package dev.mia.core.model;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * A prompt to answer, optionally continuing a given start of the answer and optionally with its own
 * image mask. BDHS (arXiv 2407.02477) cuts each reference sentence at a random point and lets the
 * model complete it from that prefix, each sample under its own random mask; a request's own mask
 * lets one generate call serve many samples.
 *
 * @param prompt what the model is asked
 * @param answerPrefix the start of the answer, forced before generation begins; may be empty
 * @param imageMask this request's image mask, used instead of {@link GenerateOptions#imageMask()};
 *     {@code null} for the options' mask
 */
public record GenerationRequest(Prompt prompt, String answerPrefix, @Nullable ImageMask imageMask) {
  /**
   * Validates the request.
   *
   * @param prompt what the model is asked
   * @param answerPrefix the start of the answer, forced before generation begins; may be empty
   * @param imageMask this request's image mask; {@code null} for the options' mask
   */
  public GenerationRequest {
    requireNonNull(prompt, "prompt");
    requireNonNull(answerPrefix, "answerPrefix");
  }

  /**
   * Creates a request under the options' image mask.
   *
   * @param prompt what the model is asked
   * @param answerPrefix the start of the answer, forced before generation begins; may be empty
   */
  public GenerationRequest(Prompt prompt, String answerPrefix) {
    this(prompt, answerPrefix, null);
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

  /**
   * The mask this request is generated under: its own, else the options'. Models call this for each
   * row of a batch.
   *
   * @param options the call's options
   * @return the mask of this request
   */
  public ImageMask maskUnder(GenerateOptions options) {
    return imageMask != null ? imageMask : options.imageMask();
  }
}
