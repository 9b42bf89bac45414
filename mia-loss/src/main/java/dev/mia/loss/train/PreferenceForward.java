package dev.mia.loss.train;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.mia.core.model.TokenScores;
import dev.mia.core.model.TokenSequence;
import dev.mia.core.model.TrainableVisionLanguageModel;
import dev.mia.core.model.TrainingOutput;
import dev.mia.core.tensor.PerTokenLogProbs;
import dev.mia.loss.PreferenceLogProbs;
import dev.mia.loss.TokenReduction;
import dev.mia.loss.fused.FusedPreferenceInputs;
import dev.mia.loss.fused.FusedPreferenceKernel;
import dev.mia.loss.fused.FusedPreferenceOutput;
import dev.mia.loss.fused.PreferenceObjective;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The policy's forward pass over a {@link PreferenceBatch}: both answers scored through {@link
 * TrainableVisionLanguageModel#scoreTokens} (with the gradient recorded inside a collector), token
 * weights applied by a {@link TokenReduction}, and the reference's log-probs reduced the same way,
 * assembled into the {@link PreferenceLogProbs} every {@link dev.mia.loss.DpoLoss} takes.
 *
 * <p>The result carries the pair weights when any pair's weight differs from 1 (HSA-DPO's severity
 * weights, WPO's, a user's), the sequence lengths in tokens (length-normalised types), and the
 * chosen answers' per-token log-probs (the SFT term).
 *
 * <p>For a DJL {@link ai.djl.training.Trainer} whose loss is a {@link
 * dev.mia.loss.DpoTrainingLoss}, {@link #predictions} and {@link #labels} give the two lists it
 * evaluates. Immutable and thread-safe; the model it calls need not be.
 */
public final class PreferenceForward {
  private final TrainableVisionLanguageModel policy;
  private final TokenReduction reduction;

  private PreferenceForward(Builder b) {
    this.policy = b.policy;
    this.reduction = b.reduction;
  }

  /**
   * Starts a builder.
   *
   * @param policy the model being trained
   * @return a builder with the defaults
   */
  public static Builder builder(TrainableVisionLanguageModel policy) {
    return new Builder(requireNonNull(policy, "policy"));
  }

  /**
   * Scores a batch with the policy and assembles the loss inputs.
   *
   * @param manager the manager of every array made
   * @param batch the collated pairs
   * @param reference the reference's scores of the batch, or null for a reference-free loss
   * @return the loss inputs; policy arrays on the autograd graph when a collector records
   */
  public PreferenceLogProbs forward(
      NDManager manager, PreferenceBatch batch, @Nullable ReferenceScores reference) {
    requireNonNull(manager, "manager");
    requireNonNull(batch, "batch");
    PerTokenLogProbs chosen = score(manager, batch, Side.CHOSEN);
    PerTokenLogProbs rejected = score(manager, batch, Side.REJECTED);
    NDArray chosenWeights = weights(manager, batch, Side.CHOSEN, chosen);
    NDArray rejectedWeights = weights(manager, batch, Side.REJECTED, rejected);
    PreferenceLogProbs.Builder inputs =
        PreferenceLogProbs.builder(
                reduction.reduce(chosen, chosenWeights),
                reduction.reduce(rejected, rejectedWeights))
            .lengths(chosen.tokenCounts(), rejected.tokenCounts())
            .chosenTokens(chosen);
    if (reference != null) {
      inputs.reference(
          reduction.reduce(reference.chosen(), chosenWeights),
          reduction.reduce(reference.rejected(), rejectedWeights));
    }
    if (batch.hasPairWeights()) {
      inputs.pairWeights(batch.pairWeights(manager));
    }
    return inputs.build();
  }

  /**
   * Adds mDPO's image-conditional inputs (Wang et al., arXiv 2406.11839): the chosen answers'
   * sequence log-probs under corrupted images, from the policy (on the graph) and the reference,
   * reduced with the chosen answers' token weights.
   *
   * @param manager the manager of every array made
   * @param inputs the loss inputs of {@link #forward} for the same batch
   * @param batch the collated pairs
   * @param corrupted per pair, its chosen row with corrupted images
   * @param reference the reference's log-probs of {@code corrupted}, or null for a reference-free
   *     loss (the reference is then 0)
   * @return the inputs with {@code corruptedImage(policy, reference)} set
   */
  public PreferenceLogProbs withCorruptedImages(
      NDManager manager,
      PreferenceLogProbs inputs,
      PreferenceBatch batch,
      List<TokenSequence> corrupted,
      @Nullable PerTokenLogProbs reference) {
    TokenScores scores = policy.scoreTokens(manager, corrupted, TrainingOutput.LOG_PROBS);
    PerTokenLogProbs tokens =
        new PerTokenLogProbs(scores.optionalLogProbs().orElseThrow(), scores.mask());
    NDArray weights = weights(manager, batch, Side.CHOSEN, tokens);
    NDArray policyCorrupted = reduction.reduce(tokens, weights);
    NDArray referenceCorrupted =
        reference == null
            ? policyCorrupted.zerosLike()
            : reduction.reduce(reference, weights(manager, batch, Side.CHOSEN, reference));
    return inputs.toBuilder().corruptedImage(policyCorrupted, referenceCorrupted).build();
  }

  /**
   * Scores a batch through the fused output-projection kernel (issue "memory-bounded log-probs"):
   * the policy returns its final hidden states and output projection ({@link
   * TrainingOutput#HIDDEN_STATES}) for the chosen rows then the rejected ones, and the kernel
   * computes the token log-probs chunk by chunk, the objective's loss on them, and a loss whose
   * gradient into the hidden states and the projection is exact, without the {@code [2B, T, V]}
   * logits.
   *
   * @param manager the manager of every array made
   * @param batch the collated pairs
   * @param reference the reference's scores of the batch, or null for a reference-free loss
   * @param objective the loss over the sequence log-probs (pair weights are added when any pair's
   *     weight differs from 1)
   * @param kernel the fused kernel
   * @param collector the step's open gradient collector
   * @return the kernel's loss, metrics and token log-probs
   * @throws UnsupportedOperationException if the model cannot return hidden states
   */
  public FusedPreferenceOutput forwardFused(
      NDManager manager,
      PreferenceBatch batch,
      @Nullable ReferenceScores reference,
      PreferenceObjective objective,
      FusedPreferenceKernel kernel,
      GradientCollector collector) {
    requireNonNull(manager, "manager");
    requireNonNull(batch, "batch");
    requireNonNull(objective, "objective");
    requireNonNull(kernel, "kernel");
    requireNonNull(collector, "collector");
    List<TokenSequence> rows = new java.util.ArrayList<>(batch.rows(Side.CHOSEN));
    rows.addAll(batch.rows(Side.REJECTED));
    TokenScores scores = policy.scoreTokens(manager, rows, TrainingOutput.HIDDEN_STATES);
    if (scores.hiddenStates() == null || scores.outputWeight() == null) {
      throw new UnsupportedOperationException(
          "the policy returned no hidden states for " + TrainingOutput.HIDDEN_STATES);
    }
    long width = scores.mask().getShape().get(1);
    FusedPreferenceInputs.Builder inputs =
        FusedPreferenceInputs.builder(
                scores.hiddenStates(), scores.outputWeight(), scores.labels(), scores.mask())
            .reduction(reduction);
    scores.optionalOutputBias().ifPresent(inputs::bias);
    if (batch.hasTokenWeights()) {
      inputs.tokenWeights(
          batch
              .tokenWeights(manager, Side.CHOSEN, width)
              .concat(batch.tokenWeights(manager, Side.REJECTED, width), 0));
    }
    if (reference != null) {
      inputs.reference(
          reduction.reduce(
              reference.chosen(), weights(manager, batch, Side.CHOSEN, reference.chosen())),
          reduction.reduce(
              reference.rejected(), weights(manager, batch, Side.REJECTED, reference.rejected())));
    }
    PreferenceObjective withPairWeights =
        batch.hasPairWeights()
            ? p -> objective.compute(p.toBuilder().pairWeights(batch.pairWeights(manager)).build())
            : objective;
    return kernel.compute(inputs.build(), withPairWeights, collector);
  }

  private PerTokenLogProbs score(NDManager manager, PreferenceBatch batch, Side side) {
    TokenScores scores = policy.scoreTokens(manager, batch.rows(side), TrainingOutput.LOG_PROBS);
    return new PerTokenLogProbs(scores.optionalLogProbs().orElseThrow(), scores.mask());
  }

  private static @Nullable NDArray weights(
      NDManager manager, PreferenceBatch batch, Side side, PerTokenLogProbs tokens) {
    return batch.hasTokenWeights()
        ? batch.tokenWeights(manager, side, tokens.values().getShape().get(1))
        : null;
  }

  /**
   * Returns the predictions a {@link dev.mia.loss.DpoTrainingLoss} evaluates.
   *
   * @param inputs the loss inputs
   * @return {@code [policyChosen, policyRejected]}
   */
  public static NDList predictions(PreferenceLogProbs inputs) {
    return new NDList(inputs.policyChosen(), inputs.policyRejected());
  }

  /**
   * Returns the labels a {@link dev.mia.loss.DpoTrainingLoss} evaluates.
   *
   * @param inputs the loss inputs, with reference log-probs
   * @return {@code [referenceChosen, referenceRejected]}, then the pair weights if any
   * @throws IllegalArgumentException if the inputs have no reference
   */
  public static NDList labels(PreferenceLogProbs inputs) {
    if (inputs.referenceChosen() == null || inputs.referenceRejected() == null) {
      throw new IllegalArgumentException(
          "labels need reference log-probs, but the inputs have none");
    }
    NDList labels = new NDList(inputs.referenceChosen(), inputs.referenceRejected());
    if (inputs.pairWeights() != null) {
      labels.add(inputs.pairWeights());
    }
    return labels;
  }

  /**
   * Returns the token reduction.
   *
   * @return how token log-probs and weights become sequence log-probs
   */
  public TokenReduction reduction() {
    return reduction;
  }

  @Override
  public String toString() {
    return "PreferenceForward[reduction=" + reduction + "]";
  }

  /** Builds a {@link PreferenceForward}. */
  public static final class Builder {
    private final TrainableVisionLanguageModel policy;
    private TokenReduction reduction = TokenReduction.SUM;

    private Builder(TrainableVisionLanguageModel policy) {
      this.policy = policy;
    }

    /**
     * Sets how token log-probs and weights become sequence log-probs. Default: {@link
     * TokenReduction#SUM}.
     *
     * @param reduction the reduction
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder reduction(TokenReduction reduction) {
      this.reduction = requireNonNull(reduction, "reduction");
      return this;
    }

    /**
     * Builds the forward pass.
     *
     * @return the forward pass
     */
    public PreferenceForward build() {
      return new PreferenceForward(this);
    }
  }
}
