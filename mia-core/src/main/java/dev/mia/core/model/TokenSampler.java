package dev.mia.core.model;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;

/**
 * Picks the next token of a generation from one step's scores on the host: greedy, or nucleus
 * (top-p) sampling with temperature (Holtzman et al., arXiv 1904.09751). One implementation for
 * every model of mia, so that the same scores, decoding and generator give the same token whatever
 * the model.
 *
 * <p>The scores are logits or log-probs of one position (any per-step shift gives the same choice);
 * tokens the {@code allowed} predicate refuses are never chosen.
 *
 * <ul>
 *   <li>Greedy: the allowed token with the largest score, ties to the lowest id.
 *   <li>Sampling at temperature {@code tau} and mass {@code topP}: {@code p_i = exp(s_i / tau -
 *       max_j s_j / tau)} over allowed tokens (0 for the others), normalised to sum 1; tokens
 *       sorted by {@code p} descending, ties to the lower id, are kept while the kept mass is below
 *       {@code topP} (at least one, never a token of probability 0); one draw {@code u =
 *       random.nextDouble() * keptMass} picks the first kept token whose running mass exceeds
 *       {@code u}.
 * </ul>
 *
 * <p>Stateless and thread-safe; the generator is the caller's.
 */
public final class TokenSampler {
  private TokenSampler() {}

  /**
   * Picks a token among all of the vocabulary.
   *
   * @param scores the step's logits or log-probs, one per token id
   * @param decoding greedy or sampling
   * @param random the generator of the draw (unused when greedy)
   * @return the token id
   * @throws IllegalArgumentException if there are no scores
   */
  public static int choose(float[] scores, Decoding decoding, SplittableRandom random) {
    return choose(scores, decoding, random, i -> true);
  }

  /**
   * Picks a token among the allowed ones.
   *
   * @param scores the step's logits or log-probs, one per token id
   * @param decoding greedy or sampling
   * @param random the generator of the draw (unused when greedy)
   * @param allowed which token ids may be chosen
   * @return the token id
   * @throws IllegalArgumentException if no token is allowed
   */
  public static int choose(
      float[] scores, Decoding decoding, SplittableRandom random, IntPredicate allowed) {
    requireNonNull(scores, "scores");
    requireNonNull(decoding, "decoding");
    requireNonNull(random, "random");
    requireNonNull(allowed, "allowed");
    int v = scores.length;
    boolean[] ok = new boolean[v];
    boolean any = false;
    for (int i = 0; i < v; i++) {
      ok[i] = allowed.test(i);
      any |= ok[i];
    }
    if (!any) {
      throw new IllegalArgumentException(
          "no token may be chosen among the " + v + " scores: the allowed set is empty");
    }
    if (decoding instanceof Decoding.Sampling s) {
      return sample(scores, ok, s, random);
    }
    int best = -1;
    for (int i = 0; i < v; i++) {
      if (ok[i] && (best < 0 || scores[i] > scores[best])) {
        best = i;
      }
    }
    return best;
  }

  private static int sample(
      float[] scores, boolean[] ok, Decoding.Sampling s, SplittableRandom random) {
    int v = scores.length;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < v; i++) {
      if (ok[i]) {
        max = Math.max(max, scores[i] / s.temperature());
      }
    }
    double[] p = new double[v];
    double total = 0;
    for (int i = 0; i < v; i++) {
      p[i] = ok[i] ? Math.exp(scores[i] / s.temperature() - max) : 0;
      total += p[i];
    }
    Integer[] order = new Integer[v];
    for (int i = 0; i < v; i++) {
      order[i] = i;
      p[i] /= total;
    }
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -p[i]).thenComparing(i -> i));
    double mass = 0;
    int kept = 0;
    while (kept < v && mass < s.topP() && p[order[kept]] > 0) {
      mass += p[order[kept]];
      kept++;
    }
    double draw = random.nextDouble() * mass;
    double acc = 0;
    for (int k = 0; k < kept; k++) {
      acc += p[order[k]];
      if (draw < acc) {
        return order[k];
      }
    }
    return order[kept - 1];
  }
}
