package dev.mia.loss.train;

import static java.util.Objects.requireNonNull;

import dev.mia.core.data.PreferencePair;
import dev.mia.core.data.TokenWeights;
import dev.mia.core.model.TokenSequence;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One pair of a {@link PreferenceBatch}: the pair, its two tokenised rows (same prompt, same
 * images) and its token weights aligned to the scored tokens.
 *
 * @param pair the source pair
 * @param chosen the prompt followed by the chosen answer and the model's answer suffix
 * @param rejected the prompt followed by the rejected answer and the suffix
 * @param tokenWeights one weight per scored token of each row (suffix tokens weigh 1), or null when
 *     the pair has none
 * @param truncated whether {@link Truncation#ANSWER_END} cut a row
 */
public record CollatedPair(
    PreferencePair pair,
    TokenSequence chosen,
    TokenSequence rejected,
    @Nullable TokenWeights tokenWeights,
    boolean truncated) {
  /**
   * Validates the pair.
   *
   * @param pair the source pair
   * @param chosen the prompt followed by the chosen answer and the model's answer suffix
   * @param rejected the prompt followed by the rejected answer and the suffix
   * @param tokenWeights one weight per scored token of each row, or null
   * @param truncated whether {@link Truncation#ANSWER_END} cut a row
   * @throws IllegalArgumentException if the weights do not match the rows
   */
  public CollatedPair {
    requireNonNull(pair, "pair");
    requireNonNull(chosen, "chosen");
    requireNonNull(rejected, "rejected");
    if (tokenWeights != null
        && (tokenWeights.chosen().length != chosen.answerLength()
            || tokenWeights.rejected().length != rejected.answerLength())) {
      throw new IllegalArgumentException(
          "token weights must have one weight per scored token ("
              + chosen.answerLength()
              + " chosen, "
              + rejected.answerLength()
              + " rejected), but have "
              + tokenWeights.chosen().length
              + " and "
              + tokenWeights.rejected().length);
    }
  }

  /**
   * Returns one side's row.
   *
   * @param side which answer
   * @return the row
   */
  public TokenSequence row(Side side) {
    return side == Side.CHOSEN ? chosen : rejected;
  }

  /**
   * Returns the aligned token weights, if the pair has any.
   *
   * @return the weights, or empty
   */
  public Optional<TokenWeights> optionalTokenWeights() {
    return Optional.ofNullable(tokenWeights);
  }
}
