package dev.mia.examples.pipeline;

import dev.mia.core.data.ImageRef;
import dev.mia.core.data.TokenWeights;
import dev.mia.core.model.Prompt;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A preference pair ready for training: the decoded prompt, the two answers and optional token
 * weights.
 *
 * @param id the pair's id
 * @param images the prompt's image references (for cache keys)
 * @param prompt the model prompt
 * @param chosen the preferred answer
 * @param rejected the dispreferred answer
 * @param weights per-token weights of the two answers (DDPO), or null
 */
record TrainPair(
    String id,
    List<ImageRef> images,
    Prompt prompt,
    String chosen,
    String rejected,
    @Nullable TokenWeights weights) {
  TrainPair {
    images = List.copyOf(images);
  }
}
