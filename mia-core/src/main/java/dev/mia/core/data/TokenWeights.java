package dev.mia.core.data;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Per-token weights for the chosen and the rejected response of a pair, as DDPO (RLHF-V, arXiv
 * 2312.00849) and VIG token selection (arXiv 2602.17186) produce them: one finite, non-negative
 * weight per response token, aligned with the tokens the model scores.
 *
 * <p>Immutable: the arrays are copied in and out.
 */
public final class TokenWeights {
  private final float[] chosen;
  private final float[] rejected;

  private TokenWeights(float[] chosen, float[] rejected) {
    this.chosen = chosen;
    this.rejected = rejected;
  }

  /**
   * Creates weights for both responses.
   *
   * @param chosen one weight per chosen-response token
   * @param rejected one weight per rejected-response token
   * @return the weights
   * @throws IllegalArgumentException if a weight is negative, NaN or infinite
   */
  public static TokenWeights of(float[] chosen, float[] rejected) {
    float[] c = requireNonNull(chosen, "chosen").clone();
    float[] r = requireNonNull(rejected, "rejected").clone();
    check("chosen", c);
    check("rejected", r);
    return new TokenWeights(c, r);
  }

  private static void check(String name, float[] weights) {
    for (int i = 0; i < weights.length; i++) {
      if (!(weights[i] >= 0) || Float.isInfinite(weights[i])) {
        throw new IllegalArgumentException(
            name + " weight " + i + " must be finite and >= 0, but is: " + weights[i]);
      }
    }
  }

  /**
   * Returns a copy of the chosen response's weights.
   *
   * @return one weight per chosen token
   */
  public float[] chosen() {
    return chosen.clone();
  }

  /**
   * Returns a copy of the rejected response's weights.
   *
   * @return one weight per rejected token
   */
  public float[] rejected() {
    return rejected.clone();
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof TokenWeights that
        && Arrays.equals(chosen, that.chosen)
        && Arrays.equals(rejected, that.rejected);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(chosen) + Arrays.hashCode(rejected);
  }

  @Override
  public String toString() {
    return "TokenWeights[chosen="
        + Arrays.toString(chosen)
        + ", rejected="
        + Arrays.toString(rejected)
        + "]";
  }
}
