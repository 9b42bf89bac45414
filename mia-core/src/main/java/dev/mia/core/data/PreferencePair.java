package dev.mia.core.data;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.mia.core.InvalidSampleException;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A preference pair: a prompt with its images, the answer to prefer and the answer to avoid, as DPO
 * (Rafailov et al., arXiv 2305.18290) consumes it.
 *
 * <p>A pair is valid by construction: its prompt alternates turns starting and ending with the
 * human, has one {@code <image>} placeholder per image and no blank turn; both answers are
 * non-blank and differ from each other; the pair weight is finite and at least 0.
 *
 * @param id the pair's id, unique within its dataset
 * @param images the images of the prompt, in placeholder order; copied
 * @param prompt the context to answer, ending with the human's question
 * @param chosen the preferred answer (e.g. the ground truth, in MIA-DPO)
 * @param rejected the dispreferred answer (e.g. a hallucinated one)
 * @param tokenWeights per-token weights of the two answers (DDPO, VIG), or {@code null}
 * @param weight the pair's weight in the loss; 1 when unweighted
 * @param provenance where the pair came from and which stages kept it
 */
public record PreferencePair(
    String id,
    List<ImageRef> images,
    Conversation prompt,
    String chosen,
    String rejected,
    @Nullable TokenWeights tokenWeights,
    double weight,
    Provenance provenance) {

  /**
   * Validates the components; see the type's documentation for the rules.
   *
   * @param id the pair's id, unique within its dataset
   * @param images the images of the prompt, in placeholder order; copied
   * @param prompt the context to answer, ending with the human's question
   * @param chosen the preferred answer (e.g. the ground truth, in MIA-DPO)
   * @param rejected the dispreferred answer (e.g. a hallucinated one)
   * @param tokenWeights per-token weights of the two answers (DDPO, VIG), or {@code null}
   * @param weight the pair's weight in the loss; 1 when unweighted
   * @param provenance where the pair came from and which stages kept it
   */
  public PreferencePair {
    requireNonNull(id, "id");
    if (id.isBlank()) {
      throw new IllegalArgumentException("id must not be blank");
    }
    images = List.copyOf(requireNonNull(images, "images"));
    requireNonNull(prompt, "prompt");
    requireNonNull(chosen, "chosen");
    requireNonNull(rejected, "rejected");
    requireNonNull(provenance, "provenance");
    if (!(weight >= 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException("weight must be finite and >= 0, but is: " + weight);
    }
    String pairId = id;
    prompt
        .promptProblems(images.size())
        .ifPresent(
            problem -> {
              throw new InvalidSampleException(pairId, problem);
            });
    if (chosen.isBlank()) {
      throw new InvalidSampleException(id, "the chosen answer is empty");
    }
    if (rejected.isBlank()) {
      throw new InvalidSampleException(id, "the rejected answer is empty");
    }
    if (chosen.equals(rejected)) {
      throw new InvalidSampleException(id, "the chosen and rejected answers are identical");
    }
  }

  /**
   * Starts a builder with the required parts of a pair.
   *
   * @param id the pair's id
   * @param prompt the context to answer
   * @param chosen the preferred answer
   * @param rejected the dispreferred answer
   * @return a builder with no images, no token weights, weight 1 and empty provenance
   */
  public static Builder builder(String id, Conversation prompt, String chosen, String rejected) {
    return new Builder(id, prompt, chosen, rejected);
  }

  /**
   * Returns a builder initialised with this pair's values.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    return new Builder(id, prompt, chosen, rejected)
        .images(images)
        .tokenWeights(tokenWeights)
        .weight(weight)
        .provenance(provenance);
  }

  /**
   * Returns the token weights, if any.
   *
   * @return the token weights, or empty
   */
  public Optional<TokenWeights> optionalTokenWeights() {
    return Optional.ofNullable(tokenWeights);
  }

  /** Builds a {@link PreferencePair}; not thread-safe, the pair it builds is immutable. */
  public static final class Builder {
    private final String id;
    private final Conversation prompt;
    private final String chosen;
    private final String rejected;
    private List<ImageRef> images = List.of();
    private @Nullable TokenWeights tokenWeights;
    private double weight = 1.0;
    private Provenance provenance = Provenance.EMPTY;

    private Builder(String id, Conversation prompt, String chosen, String rejected) {
      this.id = id;
      this.prompt = prompt;
      this.chosen = chosen;
      this.rejected = rejected;
    }

    /**
     * Sets the images of the prompt. Default: none.
     *
     * @param images the images, in placeholder order
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder images(List<ImageRef> images) {
      this.images = List.copyOf(images);
      return this;
    }

    /**
     * Sets per-token weights. Default: none (every token weighs 1).
     *
     * @param tokenWeights the weights, or {@code null} for none
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder tokenWeights(@Nullable TokenWeights tokenWeights) {
      this.tokenWeights = tokenWeights;
      return this;
    }

    /**
     * Sets the pair's weight in the loss. Default: 1.
     *
     * @param weight a finite weight, at least 0
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder weight(double weight) {
      this.weight = weight;
      return this;
    }

    /**
     * Sets the provenance. Default: {@link Provenance#EMPTY}.
     *
     * @param provenance where the pair came from
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder provenance(Provenance provenance) {
      this.provenance = requireNonNull(provenance, "provenance");
      return this;
    }

    /**
     * Builds the pair.
     *
     * @return the validated pair
     * @throws IllegalArgumentException if the id is blank or the weight is invalid
     * @throws InvalidSampleException if the prompt or an answer is invalid
     */
    public PreferencePair build() {
      return new PreferencePair(
          id, images, prompt, chosen, rejected, tokenWeights, weight, provenance);
    }
  }
}
