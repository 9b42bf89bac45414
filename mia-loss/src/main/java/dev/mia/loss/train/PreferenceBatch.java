package dev.mia.loss.train;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.mia.core.data.TokenWeights;
import dev.mia.core.model.TokenSequence;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A collated batch of preference pairs, made by {@link PreferenceCollator}: host data only (token
 * ids, decoded images, weights), so it can be built ahead of the step and scored by any {@link
 * dev.mia.core.model.TrainableVisionLanguageModel}.
 *
 * @param pairs the collated pairs, in input order; at least one
 */
public record PreferenceBatch(List<CollatedPair> pairs) {
  /**
   * Validates the batch.
   *
   * @param pairs the collated pairs, in input order; at least one
   * @throws IllegalArgumentException if there is no pair
   */
  public PreferenceBatch {
    pairs = List.copyOf(requireNonNull(pairs, "pairs"));
    if (pairs.isEmpty()) {
      throw new IllegalArgumentException("a preference batch needs at least one pair");
    }
  }

  /**
   * Returns the number of pairs {@code B}.
   *
   * @return the batch size
   */
  public int size() {
    return pairs.size();
  }

  /**
   * Returns one side's rows, in pair order.
   *
   * @param side which answers
   * @return {@code B} rows
   */
  public List<TokenSequence> rows(Side side) {
    List<TokenSequence> rows = new ArrayList<>(pairs.size());
    for (CollatedPair p : pairs) {
      rows.add(p.row(side));
    }
    return rows;
  }

  /**
   * Returns the pairs {@code [from, to)} as a batch of their own.
   *
   * @param from the first pair, inclusive
   * @param to the last pair, exclusive
   * @return the sub-batch
   */
  public PreferenceBatch slice(int from, int to) {
    return new PreferenceBatch(pairs.subList(from, to));
  }

  /**
   * Returns whether any pair has token weights.
   *
   * @return true if at least one pair has them
   */
  public boolean hasTokenWeights() {
    return pairs.stream().anyMatch(p -> p.tokenWeights() != null);
  }

  /**
   * Returns whether any pair's weight differs from 1.
   *
   * @return true if the pair weights matter
   */
  public boolean hasPairWeights() {
    return pairs.stream().anyMatch(p -> p.pair().weight() != 1.0);
  }

  /**
   * Returns one side's token weights as a matrix, right-padded with 1 (padding is masked anyway); a
   * pair without token weights weighs every token 1.
   *
   * @param manager the manager of the result
   * @param side which answers
   * @param width the padded answer length {@code T}, at least the longest row's
   * @return the weights {@code [B, T]} float32
   * @throws IllegalArgumentException if a row is longer than {@code width}
   */
  public NDArray tokenWeights(NDManager manager, Side side, long width) {
    int t = Math.toIntExact(width);
    float[] flat = new float[pairs.size() * t];
    Arrays.fill(flat, 1f);
    for (int r = 0; r < pairs.size(); r++) {
      CollatedPair p = pairs.get(r);
      if (p.row(side).answerLength() > t) {
        throw new IllegalArgumentException(
            "row " + r + " has " + p.row(side).answerLength() + " tokens, more than width " + t);
      }
      TokenWeights w = p.tokenWeights();
      if (w != null) {
        float[] row = side == Side.CHOSEN ? w.chosen() : w.rejected();
        System.arraycopy(row, 0, flat, r * t, row.length);
      }
    }
    return manager.create(flat, new Shape(pairs.size(), t));
  }

  /**
   * Returns the pairs' weights ({@link dev.mia.core.data.PreferencePair#weight()}).
   *
   * @param manager the manager of the result
   * @return the weights {@code [B]} float32
   */
  public NDArray pairWeights(NDManager manager) {
    float[] w = new float[pairs.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) pairs.get(i).pair().weight();
    }
    return manager.create(w);
  }
}
