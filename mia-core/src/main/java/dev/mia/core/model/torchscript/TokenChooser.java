package dev.mia.core.model.torchscript;

import dev.mia.core.model.Decoding;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Picks the next token from a step's log-probs, on the host. */
final class TokenChooser {
  private TokenChooser() {}

  /**
   * Picks a token.
   *
   * <ul>
   *   <li>Greedy: the largest log-prob, ties to the lowest id.
   *   <li>Sampling: weights {@code w_i = exp((lp_i - max lp) / temperature)}; tokens sorted by
   *       weight (ties by id) are kept until their mass reaches {@code topP} of the total; one draw
   *       {@code u = random.nextDouble() * keptMass} picks the first kept token whose running mass
   *       exceeds {@code u}.
   * </ul>
   */
  static int choose(float[] logProbs, Decoding decoding, SplittableRandom random) {
    if (decoding instanceof Decoding.Sampling sampling) {
      return sample(logProbs, sampling, random);
    }
    int best = 0;
    for (int i = 1; i < logProbs.length; i++) {
      if (logProbs[i] > logProbs[best]) {
        best = i;
      }
    }
    return best;
  }

  private static int sample(float[] logProbs, Decoding.Sampling sampling, SplittableRandom random) {
    double max = Double.NEGATIVE_INFINITY;
    for (float lp : logProbs) {
      max = Math.max(max, lp);
    }
    double[] weights = new double[logProbs.length];
    double total = 0;
    for (int i = 0; i < logProbs.length; i++) {
      weights[i] = Math.exp((logProbs[i] - max) / sampling.temperature());
      total += weights[i];
    }
    Integer[] order = new Integer[logProbs.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(weights[b], weights[a]));
    int kept = 0;
    double keptMass = 0;
    while (kept < order.length && (kept == 0 || keptMass < sampling.topP() * total)) {
      keptMass += weights[order[kept]];
      kept++;
    }
    double u = random.nextDouble() * keptMass;
    double running = 0;
    for (int k = 0; k < kept; k++) {
      running += weights[order[k]];
      if (u < running) {
        return order[k];
      }
    }
    return order[kept - 1];
  }
}
