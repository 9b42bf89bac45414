package dev.mia.core.model;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import dev.mia.core.ModelContractException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One generated answer.
 *
 * <ul>
 *   <li>{@code tokenIds}: the {@code T} generated token ids, after the forced prefix, without the
 *       end-of-sequence token.
 *   <li>{@code text}: their decoded text, without the prefix.
 *   <li>{@code stepLogProbs} {@code [T]} float32: the log-prob of each generated token under the
 *       model's distribution at that step: a full softmax over the vocabulary, before temperature
 *       or top-p. Under greedy decoding it is the log of the maximum softmax, from which MIA-DPO's
 *       perplexity {@code exp(-mean)} follows.
 *   <li>{@code imageSpans}: where each image's tokens sit in the sequence.
 *   <li>{@code attention}: per requested layer, {@code [H, T, K]} float32. Row {@code t} is the
 *       attention of the query that produced token {@code t} over the keys {@code [0, K)}, {@code
 *       K} the final sequence length (prompt, prefix, generated tokens), zero for keys after the
 *       query. Row 0 is the last position of the prompt and forced prefix; MIA-DPO reads rows 1 to
 *       {@code T - 1}.
 * </ul>
 *
 * <p>Arrays are attached to the manager passed to {@link VisionLanguageModel#generate}.
 *
 * @param tokenIds the generated token ids; copied
 * @param text the generated text
 * @param stepLogProbs the per-step log-probs {@code [T]}
 * @param imageSpans the image spans of the sequence
 * @param attention per layer index, attention {@code [H, T, K]}
 */
public record Generated(
    List<Integer> tokenIds,
    String text,
    NDArray stepLogProbs,
    ImageSpans imageSpans,
    SortedMap<Integer, NDArray> attention) {

  /**
   * Checks the shapes.
   *
   * @param tokenIds the generated token ids; copied
   * @param text the generated text
   * @param stepLogProbs the per-step log-probs {@code [T]}
   * @param imageSpans the image spans of the sequence
   * @param attention per layer index, attention {@code [H, T, K]}
   */
  public Generated {
    tokenIds = List.copyOf(requireNonNull(tokenIds, "tokenIds"));
    requireNonNull(text, "text");
    requireNonNull(stepLogProbs, "stepLogProbs");
    requireNonNull(imageSpans, "imageSpans");
    attention = Collections.unmodifiableSortedMap(new TreeMap<>(requireNonNull(attention)));
    ShapeChecks.requireRank("stepLogProbs", stepLogProbs, 1);
    ShapeChecks.requireDim("stepLogProbs", stepLogProbs, 0, tokenIds.size(), "token count");
    for (Map.Entry<Integer, NDArray> e : attention.entrySet()) {
      String name = "attention of layer " + e.getKey();
      ShapeChecks.requireRank(name, e.getValue(), 3);
      ShapeChecks.requireDim(name, e.getValue(), 1, tokenIds.size(), "token count");
    }
    if (!imageSpans.spans().isEmpty()) {
      int lastEnd = imageSpans.get(imageSpans.size() - 1).end();
      for (NDArray map : attention.values()) {
        if (map.getShape().get(2) < lastEnd) {
          throw new ModelContractException(
              "attention must cover the image tokens up to key "
                  + lastEnd
                  + ", but has shape "
                  + map.getShape());
        }
      }
    }
  }

  /**
   * Returns the number of generated tokens {@code T}.
   *
   * @return the token count
   */
  public int length() {
    return tokenIds.size();
  }
}
