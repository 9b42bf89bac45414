package dev.mia.examples.tiny;

import static java.util.Objects.requireNonNull;

/**
 * Where a single-image question's answer is in its image: the image token that shows the object the
 * question names, and the word that names it. {@link TinyLvlmTrainer} uses it to supervise
 * attention (see {@link TinyLvlmTrainer.Builder#groundingWeight(float)}).
 *
 * @param imageToken the index of the token within the prompt's first image, in {@code [0,
 *     imageTokens)} (row-major patches: for four quadrant tokens 0 is the top left, 3 the bottom
 *     right)
 * @param word the word of the prompt that names the object, for example {@code square}
 */
public record Grounding(int imageToken, String word) {
  /**
   * Validates the grounding.
   *
   * @param imageToken the token's index within the first image, at least 0
   * @param word the naming word, not blank
   * @throws IllegalArgumentException if {@code imageToken} is negative or {@code word} is blank
   */
  public Grounding {
    requireNonNull(word, "word");
    if (imageToken < 0) {
      throw new IllegalArgumentException("imageToken must be >= 0, but is: " + imageToken);
    }
    if (word.isBlank()) {
      throw new IllegalArgumentException("word must not be blank");
    }
  }
}
