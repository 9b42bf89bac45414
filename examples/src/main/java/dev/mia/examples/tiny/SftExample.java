package dev.mia.examples.tiny;

import static java.util.Objects.requireNonNull;

import dev.mia.core.model.ScoreRequest;
import org.jspecify.annotations.Nullable;

/**
 * One supervised fine-tuning example: a prompt and the answer to learn, and optionally where in the
 * image the answer is ({@link Grounding}).
 *
 * @param request the prompt and its answer
 * @param grounding the token that shows the named object, or {@code null} for none
 */
public record SftExample(ScoreRequest request, @Nullable Grounding grounding) {
  /**
   * Validates the example.
   *
   * @param request the prompt and its answer, not null
   * @param grounding the grounding, or {@code null}
   */
  public SftExample {
    requireNonNull(request, "request");
  }

  /**
   * An example without a grounding.
   *
   * @param request the prompt and its answer
   * @return the example
   */
  public static SftExample of(ScoreRequest request) {
    return new SftExample(request, null);
  }
}
