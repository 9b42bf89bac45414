package dev.mia.core.model;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import dev.mia.core.ModelContractException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What {@link TrainableVisionLanguageModel#scoreTokens} returns for a batch of {@code B} rows:
 * either the answer tokens' log-probs or, for a fused output-projection kernel, the hidden states
 * and projection that give them.
 *
 * <p>Answer tokens are left-aligned and right-padded to the longest row's {@code T}: position
 * {@code t} of row {@code b} is token {@code promptLength + t} of that row's {@link TokenSequence}.
 *
 * <ul>
 *   <li>{@code mask} {@code [B, T]} float32: 1 for answer tokens, 0 for padding.
 *   <li>{@code labels} {@code [B, T]} int64: the answer token ids, 0 at padding.
 *   <li>{@code logProbs} {@code [B, T]} float32: {@code log p(label | tokens before it)}, 0 at
 *       padding, full softmax over the vocabulary; present for {@link TrainingOutput#LOG_PROBS}.
 *   <li>{@code hiddenStates} {@code [B, T, H]}: the final hidden state at the position that
 *       predicts each answer token; {@code outputWeight} {@code [V, H]} and optional {@code
 *       outputBias} {@code [V]}, so that {@code logits = hiddenStates · outputWeightᵀ +
 *       outputBias}; present for {@link TrainingOutput#HIDDEN_STATES}.
 * </ul>
 *
 * <p>Under a recording gradient collector, {@code logProbs} or {@code hiddenStates}, {@code
 * outputWeight} and {@code outputBias} carry the autograd graph to the model's parameters. All
 * arrays are attached to the caller's manager.
 *
 * @param mask answer mask {@code [B, T]}
 * @param labels answer token ids {@code [B, T]}
 * @param logProbs per-token log-probs {@code [B, T]}, or null
 * @param hiddenStates final hidden states {@code [B, T, H]}, or null
 * @param outputWeight output projection {@code [V, H]}, or null
 * @param outputBias output bias {@code [V]}, or null
 */
public record TokenScores(
    NDArray mask,
    NDArray labels,
    @Nullable NDArray logProbs,
    @Nullable NDArray hiddenStates,
    @Nullable NDArray outputWeight,
    @Nullable NDArray outputBias) {
  /**
   * Checks the shapes.
   *
   * @param mask answer mask {@code [B, T]}
   * @param labels answer token ids {@code [B, T]}
   * @param logProbs per-token log-probs {@code [B, T]}, or null
   * @param hiddenStates final hidden states {@code [B, T, H]}, or null
   * @param outputWeight output projection {@code [V, H]}, or null
   * @param outputBias output bias {@code [V]}, or null
   * @throws ModelContractException if a shape is wrong or neither output is present
   */
  public TokenScores {
    requireNonNull(mask, "mask");
    requireNonNull(labels, "labels");
    ShapeChecks.requireRank("mask", mask, 2);
    if (!labels.getShape().equals(mask.getShape())) {
      throw new ModelContractException(
          "labels must have the shape of mask "
              + mask.getShape()
              + ", but has "
              + labels.getShape());
    }
    if (logProbs == null && hiddenStates == null) {
      throw new ModelContractException("token scores need logProbs or hiddenStates, but have none");
    }
    if (logProbs != null && !logProbs.getShape().equals(mask.getShape())) {
      throw new ModelContractException(
          "logProbs must have the shape of mask "
              + mask.getShape()
              + ", but has "
              + logProbs.getShape());
    }
    if (hiddenStates != null) {
      ShapeChecks.requireRank("hiddenStates", hiddenStates, 3);
      ShapeChecks.requireDim("hiddenStates", hiddenStates, 0, mask.getShape().get(0), "batch size");
      ShapeChecks.requireDim(
          "hiddenStates", hiddenStates, 1, mask.getShape().get(1), "answer length");
      if (outputWeight == null) {
        throw new ModelContractException("hiddenStates need the outputWeight, but it is missing");
      }
      ShapeChecks.requireRank("outputWeight", outputWeight, 2);
      ShapeChecks.requireDim(
          "outputWeight", outputWeight, 1, hiddenStates.getShape().get(2), "hidden size");
      if (outputBias != null) {
        ShapeChecks.requireRank("outputBias", outputBias, 1);
        ShapeChecks.requireDim(
            "outputBias", outputBias, 0, outputWeight.getShape().get(0), "vocabulary size");
      }
    }
  }

  /**
   * Returns the batch size {@code B}.
   *
   * @return the number of rows
   */
  public int batchSize() {
    return Math.toIntExact(mask.getShape().get(0));
  }

  /**
   * Returns the log-probs, if the model returned them.
   *
   * @return the log-probs {@code [B, T]}, or empty
   */
  public Optional<NDArray> optionalLogProbs() {
    return Optional.ofNullable(logProbs);
  }

  /**
   * Returns the output bias, if the projection has one.
   *
   * @return the bias {@code [V]}, or empty
   */
  public Optional<NDArray> optionalOutputBias() {
    return Optional.ofNullable(outputBias);
  }
}
