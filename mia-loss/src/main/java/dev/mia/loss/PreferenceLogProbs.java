package dev.mia.loss;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.mia.core.tensor.PerTokenLogProbs;
import org.jspecify.annotations.Nullable;

/**
 * The inputs of the preference losses for a batch of B pairs: sequence log-probabilities {@code
 * [B]} of the chosen and rejected responses under the policy and (unless reference-free) the
 * reference model, plus the optional extras some losses need.
 *
 * <p>Sequence log-probabilities are usually {@link PerTokenLogProbs#sum()} of the kernel's output,
 * or a DDPO weighted sum, or {@link LengthDesensitised} (LD-DPO). Build with {@link #builder}. The
 * record does not own its arrays and never closes them.
 *
 * <h2>Severity-weighted pairs (HSA-DPO)</h2>
 *
 * HSA-DPO (Xiao et al., "Detecting and Mitigating Hallucination in Large Vision Language Models via
 * Fine-Grained AI Feedback", arXiv 2404.14233; {@code Mr-Loevan/HSA-DPO}) weighs pairs by the
 * severity of the rejected answer's hallucinations. mia has no separate loss for it; two
 * compositions of existing inputs cover it, both tested:
 *
 * <ul>
 *   <li>per-pair weights: {@link Builder#pairWeights} with {@code w_i} a function of pair {@code
 *       i}'s severity (for example {@code 1 + s_i} with {@code s_i} in {@code [0, 1]}), so each
 *       pair's loss is multiplied by its severity weight (the form this library recommends: it
 *       works with every loss type and keeps the reward metrics unscaled);
 *   <li>the released trainer's form: its {@code dpo_loss} multiplies each response's sequence
 *       log-probability, policy and reference alike, by that response's score ({@code
 *       chosen_scores}, {@code rejected_scores}), so its logit is {@code (w_c pi_c - w_r pi_r) -
 *       (w_c ref_c - w_r ref_r)}. Pass the scaled sums as the four log-probabilities to get it
 *       exactly; the reward metrics are then scaled too (the released code logs unscaled ones).
 * </ul>
 *
 * @param policyChosen {@code log pi(y_c|x)} {@code [B]}
 * @param policyRejected {@code log pi(y_r|x)} {@code [B]}
 * @param referenceChosen {@code log pi_ref(y_c|x)} {@code [B]}, or null (reference-free)
 * @param referenceRejected {@code log pi_ref(y_r|x)} {@code [B]}, or null (reference-free)
 * @param chosenLengths token counts of the chosen responses {@code [B]} (IPO, length-normalised
 *     sigmoid), or null
 * @param rejectedLengths token counts of the rejected responses {@code [B]}, or null
 * @param chosenTokens per-token policy log-probabilities of the chosen responses (SFT term), or
 *     null
 * @param pairWeights per-pair loss weights {@code [B]} (user weights, WPO), or null for 1
 * @param rewardMargins per-pair reward-model margins {@code [B]} for MM-DPO's dynamic beta, or null
 * @param policyChosenCorrupted {@code log pi(y_c|x, m')} with a corrupted image {@code [B]} (mDPO),
 *     or null
 * @param referenceChosenCorrupted {@code log pi_ref(y_c|x, m')} {@code [B]} (mDPO), or null
 */
public record PreferenceLogProbs(
    NDArray policyChosen,
    NDArray policyRejected,
    @Nullable NDArray referenceChosen,
    @Nullable NDArray referenceRejected,
    @Nullable NDArray chosenLengths,
    @Nullable NDArray rejectedLengths,
    @Nullable PerTokenLogProbs chosenTokens,
    @Nullable NDArray pairWeights,
    @Nullable NDArray rewardMargins,
    @Nullable NDArray policyChosenCorrupted,
    @Nullable NDArray referenceChosenCorrupted) {

  /**
   * Validates shapes: every array is {@code [B]} with the shape of policyChosen, {@code B > 0}, and
   * paired arrays are given together.
   *
   * @param policyChosen {@code log pi(y_c|x)} {@code [B]}
   * @param policyRejected {@code log pi(y_r|x)} {@code [B]}
   * @param referenceChosen {@code log pi_ref(y_c|x)} {@code [B]}, or null (reference-free)
   * @param referenceRejected {@code log pi_ref(y_r|x)} {@code [B]}, or null (reference-free)
   * @param chosenLengths token counts of the chosen responses {@code [B]}, or null
   * @param rejectedLengths token counts of the rejected responses {@code [B]}, or null
   * @param chosenTokens per-token policy log-probabilities of the chosen responses, or null
   * @param pairWeights per-pair loss weights {@code [B]}, or null for 1
   * @param rewardMargins per-pair reward-model margins {@code [B]}, or null
   * @param policyChosenCorrupted {@code log pi(y_c|x, m')} {@code [B]}, or null
   * @param referenceChosenCorrupted {@code log pi_ref(y_c|x, m')} {@code [B]}, or null
   * @throws IllegalArgumentException if a shape does not match (naming both shapes), the batch is
   *     empty, or only one of a pair of arrays is given
   */
  public PreferenceLogProbs {
    requireNonNull(policyChosen, "policyChosen");
    requireNonNull(policyRejected, "policyRejected");
    Shape shape = policyChosen.getShape();
    if (shape.dimension() != 1) {
      throw new IllegalArgumentException("policyChosen must be [B], but has shape: " + shape);
    }
    if (shape.get(0) == 0) {
      throw new IllegalArgumentException(
          "batch must not be empty, but policyChosen has shape: " + shape);
    }
    check("policyRejected", policyRejected, shape);
    check("referenceChosen", referenceChosen, shape);
    check("referenceRejected", referenceRejected, shape);
    check("chosenLengths", chosenLengths, shape);
    check("rejectedLengths", rejectedLengths, shape);
    check("pairWeights", pairWeights, shape);
    check("rewardMargins", rewardMargins, shape);
    check("policyChosenCorrupted", policyChosenCorrupted, shape);
    check("referenceChosenCorrupted", referenceChosenCorrupted, shape);
    together("referenceChosen", referenceChosen, "referenceRejected", referenceRejected);
    together("chosenLengths", chosenLengths, "rejectedLengths", rejectedLengths);
    if (chosenTokens != null && chosenTokens.values().getShape().get(0) != shape.get(0)) {
      throw new IllegalArgumentException(
          "chosenTokens shape "
              + chosenTokens.values().getShape()
              + " does not match policyChosen shape "
              + shape);
    }
  }

  private static void check(String name, @Nullable NDArray array, Shape expected) {
    if (array != null && !array.getShape().equals(expected)) {
      throw new IllegalArgumentException(
          name + " shape " + array.getShape() + " does not match policyChosen shape " + expected);
    }
  }

  private static void together(
      String first, @Nullable NDArray a, String second, @Nullable NDArray b) {
    if ((a == null) != (b == null)) {
      throw new IllegalArgumentException(
          first + " and " + second + " must be given together, but only one is");
    }
  }

  /**
   * Returns the batch size B.
   *
   * @return the number of pairs
   */
  public long batchSize() {
    return policyChosen.getShape().get(0);
  }

  /**
   * Starts a builder with the required policy log-probabilities.
   *
   * @param policyChosen {@code log pi(y_c|x)} {@code [B]}
   * @param policyRejected {@code log pi(y_r|x)} {@code [B]}
   * @return a new builder
   */
  public static Builder builder(NDArray policyChosen, NDArray policyRejected) {
    return new Builder(policyChosen, policyRejected);
  }

  /**
   * Returns a builder holding every value of this record.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder(policyChosen, policyRejected);
    b.referenceChosen = referenceChosen;
    b.referenceRejected = referenceRejected;
    b.chosenLengths = chosenLengths;
    b.rejectedLengths = rejectedLengths;
    b.chosenTokens = chosenTokens;
    b.pairWeights = pairWeights;
    b.rewardMargins = rewardMargins;
    b.policyChosenCorrupted = policyChosenCorrupted;
    b.referenceChosenCorrupted = referenceChosenCorrupted;
    return b;
  }

  /** Builder for {@link PreferenceLogProbs}; not thread-safe. */
  public static final class Builder {
    private final NDArray policyChosen;
    private final NDArray policyRejected;
    private @Nullable NDArray referenceChosen;
    private @Nullable NDArray referenceRejected;
    private @Nullable NDArray chosenLengths;
    private @Nullable NDArray rejectedLengths;
    private @Nullable PerTokenLogProbs chosenTokens;
    private @Nullable NDArray pairWeights;
    private @Nullable NDArray rewardMargins;
    private @Nullable NDArray policyChosenCorrupted;
    private @Nullable NDArray referenceChosenCorrupted;

    private Builder(NDArray policyChosen, NDArray policyRejected) {
      this.policyChosen = requireNonNull(policyChosen, "policyChosen");
      this.policyRejected = requireNonNull(policyRejected, "policyRejected");
    }

    /**
     * Sets the reference log-probabilities; default none (only valid with {@link
     * ReferenceMode#NONE}).
     *
     * @param chosen {@code log pi_ref(y_c|x)} {@code [B]}
     * @param rejected {@code log pi_ref(y_r|x)} {@code [B]}
     * @return this builder
     */
    public Builder reference(NDArray chosen, NDArray rejected) {
      this.referenceChosen = requireNonNull(chosen, "chosen");
      this.referenceRejected = requireNonNull(rejected, "rejected");
      return this;
    }

    /**
     * Sets the response token counts; default none.
     *
     * @param chosen chosen token counts {@code [B]}
     * @param rejected rejected token counts {@code [B]}
     * @return this builder
     */
    public Builder lengths(NDArray chosen, NDArray rejected) {
      this.chosenLengths = requireNonNull(chosen, "chosen");
      this.rejectedLengths = requireNonNull(rejected, "rejected");
      return this;
    }

    /**
     * Sets the chosen responses' per-token policy log-probabilities (for the SFT term); default
     * none.
     *
     * @param tokens per-token log-probabilities and mask, batch B
     * @return this builder
     */
    public Builder chosenTokens(PerTokenLogProbs tokens) {
      this.chosenTokens = requireNonNull(tokens, "tokens");
      return this;
    }

    /**
     * Sets per-pair weights that multiply each pair's loss (user weights, WPO, HSA-DPO severity
     * weights); default none (weight 1).
     *
     * @param weights {@code [B]}
     * @return this builder
     */
    public Builder pairWeights(NDArray weights) {
      this.pairWeights = requireNonNull(weights, "weights");
      return this;
    }

    /**
     * Sets the reward-model margins for MM-DPO's dynamic beta; default none.
     *
     * @param margins {@code [B]}
     * @return this builder
     */
    public Builder rewardMargins(NDArray margins) {
      this.rewardMargins = requireNonNull(margins, "margins");
      return this;
    }

    /**
     * Sets mDPO's chosen log-probabilities with the corrupted image; default none.
     *
     * @param policy {@code log pi(y_c|x, m')} {@code [B]}
     * @param reference {@code log pi_ref(y_c|x, m')} {@code [B]}
     * @return this builder
     */
    public Builder corruptedImage(NDArray policy, NDArray reference) {
      this.policyChosenCorrupted = requireNonNull(policy, "policy");
      this.referenceChosenCorrupted = requireNonNull(reference, "reference");
      return this;
    }

    /**
     * Builds and validates the inputs.
     *
     * @return the inputs
     * @throws IllegalArgumentException as the record's constructor
     */
    public PreferenceLogProbs build() {
      return new PreferenceLogProbs(
          policyChosen,
          policyRejected,
          referenceChosen,
          referenceRejected,
          chosenLengths,
          rejectedLengths,
          chosenTokens,
          pairWeights,
          rewardMargins,
          policyChosenCorrupted,
          referenceChosenCorrupted);
    }
  }
}
