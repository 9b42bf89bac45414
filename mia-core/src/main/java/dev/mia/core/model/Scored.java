package dev.mia.core.model;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import dev.mia.core.ModelContractException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The result of scoring a batch of {@code B} answers teacher-forced.
 *
 * <p>Answers are left-aligned and right-padded to the longest answer's {@code T} tokens: position
 * {@code t} of row {@code b} is answer token {@code t}, real where {@code answerMask[b, t] = 1}.
 * The answer's tokens are those of its text alone: no end-of-sequence token is scored. Log-probs
 * are normalised over the whole vocabulary (a full softmax, no temperature). A row's values do not
 * depend on the other rows of its batch.
 *
 * <ul>
 *   <li>{@code tokenLogProbs} {@code [B, T]} float32: {@code log p(a_t | prompt, a_<t)}; 0 at
 *       padding.
 *   <li>{@code answerMask} {@code [B, T]} float32: 1 for answer tokens, 0 for padding.
 *   <li>{@code answerTokenIds} {@code [B, T]} int64: the answer's token ids; 0 at padding.
 *   <li>{@code imageSpans}: per row, where each image's tokens sit in that row's full sequence.
 *   <li>{@code attention}: per requested layer, {@code [B, H, T, K]} float32, heads not averaged.
 *       Row {@code t} is the attention of the query at the position that predicts answer token
 *       {@code t} over the keys of the full sequence (prompt, then answer), {@code K} the longest
 *       full sequence in the batch, zero beyond a row's own length. Image spans index the key axis.
 *   <li>{@code logits}: {@code [B, T, V]} float32 at the positions that predict the answer tokens,
 *       only if {@link LogitsOutput#RETURN} was asked for.
 * </ul>
 *
 * <p>All arrays are attached to the manager passed to {@link VisionLanguageModel#score}; the caller
 * owns them. The constructor checks the shapes and throws {@link ModelContractException} naming the
 * array, what was expected and what came, so a faulty model fails where it returns.
 *
 * @param tokenLogProbs per-token log-probs {@code [B, T]}
 * @param answerMask answer mask {@code [B, T]}
 * @param answerTokenIds answer token ids {@code [B, T]}
 * @param imageSpans per row, the image spans; {@code B} entries
 * @param attention per layer index, attention {@code [B, H, T, K]}
 * @param logits logits {@code [B, T, V]}, or {@code null} if not asked for
 */
public record Scored(
    NDArray tokenLogProbs,
    NDArray answerMask,
    NDArray answerTokenIds,
    List<ImageSpans> imageSpans,
    SortedMap<Integer, NDArray> attention,
    @Nullable NDArray logits) {

  /**
   * Checks the shapes.
   *
   * @param tokenLogProbs per-token log-probs {@code [B, T]}
   * @param answerMask answer mask {@code [B, T]}
   * @param answerTokenIds answer token ids {@code [B, T]}
   * @param imageSpans per row, the image spans; {@code B} entries
   * @param attention per layer index, attention {@code [B, H, T, K]}
   * @param logits logits {@code [B, T, V]}, or {@code null} if not asked for
   */
  public Scored {
    requireNonNull(tokenLogProbs, "tokenLogProbs");
    requireNonNull(answerMask, "answerMask");
    requireNonNull(answerTokenIds, "answerTokenIds");
    imageSpans = List.copyOf(requireNonNull(imageSpans, "imageSpans"));
    attention = Collections.unmodifiableSortedMap(new TreeMap<>(requireNonNull(attention)));
    ShapeChecks.requireRank("tokenLogProbs", tokenLogProbs, 2);
    long batch = tokenLogProbs.getShape().get(0);
    long tokens = tokenLogProbs.getShape().get(1);
    for (Map.Entry<String, NDArray> e :
        Map.of("answerMask", answerMask, "answerTokenIds", answerTokenIds).entrySet()) {
      if (!e.getValue().getShape().equals(tokenLogProbs.getShape())) {
        throw new ModelContractException(
            e.getKey()
                + " must have the shape of tokenLogProbs "
                + tokenLogProbs.getShape()
                + ", but has shape "
                + e.getValue().getShape());
      }
    }
    if (imageSpans.size() != batch) {
      throw new ModelContractException(
          "imageSpans must have one entry per row (" + batch + "), but has " + imageSpans.size());
    }
    for (Map.Entry<Integer, NDArray> e : attention.entrySet()) {
      String name = "attention of layer " + e.getKey();
      ShapeChecks.requireRank(name, e.getValue(), 4);
      ShapeChecks.requireDim(name, e.getValue(), 0, batch, "batch size");
      ShapeChecks.requireDim(name, e.getValue(), 2, tokens, "answer length");
    }
    if (logits != null) {
      ShapeChecks.requireRank("logits", logits, 3);
      ShapeChecks.requireDim("logits", logits, 0, batch, "batch size");
      ShapeChecks.requireDim("logits", logits, 1, tokens, "answer length");
    }
  }

  /**
   * Returns the batch size {@code B}.
   *
   * @return the number of scored answers
   */
  public int batchSize() {
    return Math.toIntExact(tokenLogProbs.getShape().get(0));
  }

  /**
   * Returns the logits, if they were asked for.
   *
   * @return the logits, or empty
   */
  public Optional<NDArray> optionalLogits() {
    return Optional.ofNullable(logits);
  }
}
