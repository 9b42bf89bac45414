package dev.mia.selection.negative;

import static java.util.Objects.requireNonNull;

import dev.mia.core.data.Provenance;
import dev.mia.core.model.Generated;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A rejected answer made by a {@link NegativeGenerator}.
 *
 * <p>Immutable, except that {@link #generated()} holds arrays owned by the manager of the
 * generation call: they are valid until the caller closes that manager.
 */
public final class Negative {
  private final String text;
  private final float[] stepLogProbs;
  private final @Nullable Generated generated;
  private final Provenance.Stage stage;

  /**
   * Creates a negative.
   *
   * @param text the rejected answer
   * @param stepLogProbs the log-prob of each generated token; empty if no model generated it;
   *     copied
   * @param generated the model's full output (attention, spans), or {@code null} if not a single
   *     generation
   * @param stage the generator's provenance stage, with its scores
   */
  public Negative(
      String text, float[] stepLogProbs, @Nullable Generated generated, Provenance.Stage stage) {
    this.text = requireNonNull(text, "text");
    this.stepLogProbs = stepLogProbs.clone();
    this.generated = generated;
    this.stage = requireNonNull(stage, "stage");
  }

  /**
   * Returns the rejected answer.
   *
   * @return the text, possibly blank
   */
  public String text() {
    return text;
  }

  /**
   * Returns the per-step log-probs of the generated tokens.
   *
   * @return a copy; empty if no model generated the text
   */
  public float[] stepLogProbs() {
    return stepLogProbs.clone();
  }

  /**
   * Returns the model's output, for selectors that read attention.
   *
   * @return the generation, or empty
   */
  public Optional<Generated> generated() {
    return Optional.ofNullable(generated);
  }

  /**
   * Returns the generator's provenance stage.
   *
   * @return the stage
   */
  public Provenance.Stage stage() {
    return stage;
  }
}
