package dev.mia.selection.vig;

import static java.util.Objects.requireNonNull;

import dev.mia.core.NonFiniteValueException;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The visual information gain of one sample's answer: per token {@code VIG_t = log q(a_t | a_<t, Q,
 * I) - log q(a_t | a_<t, Q, blur(I))}, and for the sample {@code VIG = (1/T) sum_t VIG_t} (Lee and
 * Hwang, arXiv 2602.17186). Positive where the image helps predict the token, zero where it does
 * not matter, negative where it misleads.
 *
 * <p>Immutable: the per-token array is copied in and out.
 */
public final class VigScore {
  private final String sampleId;
  private final float[] tokenVig;
  private final double sampleVig;

  private VigScore(String sampleId, float[] tokenVig, double sampleVig) {
    this.sampleId = sampleId;
    this.tokenVig = tokenVig;
    this.sampleVig = sampleVig;
  }

  /**
   * Creates a score from per-token gains.
   *
   * @param sampleId the sample's id
   * @param tokenVig {@code VIG_t} per answer token, at least one, all finite; copied
   * @return the score, with the sample VIG as the mean
   * @throws IllegalArgumentException if there is no token
   * @throws NonFiniteValueException if a gain is NaN or infinite
   */
  public static VigScore of(String sampleId, float[] tokenVig) {
    requireNonNull(sampleId, "sampleId");
    float[] copy = tokenVig.clone();
    if (copy.length == 0) {
      throw new IllegalArgumentException("tokenVig must not be empty");
    }
    double sum = 0;
    for (int t = 0; t < copy.length; t++) {
      if (!Float.isFinite(copy[t])) {
        throw new NonFiniteValueException(
            "sample '" + sampleId + "': VIG of token " + t + " is " + copy[t]);
      }
      sum += copy[t];
    }
    return new VigScore(sampleId, copy, sum / copy.length);
  }

  /**
   * Returns the sample's id.
   *
   * @return the id
   */
  public String sampleId() {
    return sampleId;
  }

  /**
   * Returns the per-token gains.
   *
   * @return a copy of {@code VIG_t}, one per answer token
   */
  public float[] tokenVig() {
    return tokenVig.clone();
  }

  /**
   * Returns the sample's gain, the mean of the token gains.
   *
   * @return {@code VIG}
   */
  public double sampleVig() {
    return sampleVig;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof VigScore that
        && sampleId.equals(that.sampleId)
        && Arrays.equals(tokenVig, that.tokenVig);
  }

  @Override
  public int hashCode() {
    return 31 * sampleId.hashCode() + Arrays.hashCode(tokenVig);
  }

  @Override
  public String toString() {
    return "VigScore["
        + sampleId
        + ", vig="
        + sampleVig
        + ", tokens="
        + Arrays.toString(tokenVig)
        + "]";
  }
}
