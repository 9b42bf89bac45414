package dev.mia.loss.ddpo;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.mia.core.data.TokenWeights;
import dev.mia.core.tensor.PerTokenLogProbs;
import dev.mia.loss.DpoLoss;
import dev.mia.loss.LossType;
import dev.mia.loss.TokenReduction;
import java.util.Arrays;
import java.util.List;

/**
 * DDPO's token weighting (RLHF-V, arXiv 2312.00849, eq. 5): tokens in segments the annotator
 * replaced weigh {@code gamma} in both the chosen and the rejected response, the others 1, and each
 * response's log-probability is the weighted sum (or weighted mean, by {@link DdpoNormalisation})
 * of its token log-probabilities, for the policy and the reference alike. The result feeds a
 * sigmoid DPO loss ({@link #dpoLoss()}).
 *
 * <pre>{@code
 * Ddpo ddpo = Ddpo.PAPER;
 * TokenWeights w = ddpo.weights(chosenIds, rejectedIds);
 * NDArray chosenLogp = ddpo.sequenceLogProbs(chosenTokens, chosenWeightMatrix);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class Ddpo {
  /** The paper's setting: gamma 5, normalised, beta 0.5. */
  public static final Ddpo PAPER = new Ddpo(5.0, DdpoNormalisation.NORMALISED, 0.5, 3);

  /** RLHF-V's released training script: gamma 1.1, unnormalised, beta 0.1. */
  public static final Ddpo RELEASED_CODE = new Ddpo(1.1, DdpoNormalisation.UNNORMALISED, 0.1, 3);

  private final double gamma;
  private final DdpoNormalisation normalisation;
  private final double beta;
  private final int minMatchSize;

  private Ddpo(double gamma, DdpoNormalisation normalisation, double beta, int minMatchSize) {
    this.gamma = gamma;
    this.normalisation = normalisation;
    this.beta = beta;
    this.minMatchSize = minMatchSize;
  }

  /**
   * Creates a weighting with its own settings.
   *
   * @param gamma the weight of changed tokens, finite and {@code > 0}
   * @param normalisation whether to divide by the weight sum
   * @param beta the DPO beta to use with it, {@code > 0}
   * @return the weighting (diff minimum match size 3)
   * @throws IllegalArgumentException if gamma or beta is not positive and finite
   */
  public static Ddpo of(double gamma, DdpoNormalisation normalisation, double beta) {
    requireNonNull(normalisation, "normalisation");
    if (!(gamma > 0) || Double.isInfinite(gamma)) {
      throw new IllegalArgumentException("gamma must be > 0 and finite, but is: " + gamma);
    }
    if (!(beta > 0) || Double.isInfinite(beta)) {
      throw new IllegalArgumentException("beta must be > 0 and finite, but is: " + beta);
    }
    return new Ddpo(gamma, normalisation, beta, TokenDiff.DEFAULT_MIN_MATCH_SIZE);
  }

  /**
   * Returns this weighting with another minimum match size of the token diff.
   *
   * @param minMatchSize common runs shorter than this do not count as unchanged, {@code >= 1}
   *     (RLHF-V: 3)
   * @return a new weighting
   * @throws IllegalArgumentException if minMatchSize is below 1
   */
  public Ddpo withMinMatchSize(int minMatchSize) {
    if (minMatchSize < 1) {
      throw new IllegalArgumentException("minMatchSize must be >= 1, but is: " + minMatchSize);
    }
    return new Ddpo(gamma, normalisation, beta, minMatchSize);
  }

  /**
   * Returns the token diff's minimum match size.
   *
   * @return the size, 3 unless set by {@link #withMinMatchSize}
   */
  public int minMatchSize() {
    return minMatchSize;
  }

  /**
   * Weights of one pair from its response token ids.
   *
   * @param chosenIds the chosen response's token ids
   * @param rejectedIds the rejected response's token ids
   * @return gamma on changed tokens and 1 elsewhere, for both responses
   */
  public TokenWeights weights(int[] chosenIds, int[] rejectedIds) {
    ChangedTokens changed = TokenDiff.changedTokens(chosenIds, rejectedIds, minMatchSize);
    return TokenWeights.of(toWeights(changed.chosen()), toWeights(changed.rejected()));
  }

  private float[] toWeights(boolean[] changed) {
    float[] w = new float[changed.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = changed[i] ? (float) gamma : 1f;
    }
    return w;
  }

  /**
   * Stacks per-response weights into a {@code [B, length]} matrix, padding with 1 (padding is
   * masked out by the log-prob mask anyway).
   *
   * @param manager the manager of the result
   * @param rows one weight row per response, each at most {@code length} long
   * @param length the padded length T
   * @return float32 {@code [B, T]}
   * @throws IllegalArgumentException if a row is longer than length
   */
  public static NDArray weightMatrix(NDManager manager, List<float[]> rows, int length) {
    float[] flat = new float[rows.size() * length];
    Arrays.fill(flat, 1f);
    for (int r = 0; r < rows.size(); r++) {
      float[] row = rows.get(r);
      if (row.length > length) {
        throw new IllegalArgumentException(
            "row " + r + " has " + row.length + " weights, more than length " + length);
      }
      System.arraycopy(row, 0, flat, r * length, row.length);
    }
    return manager.create(flat, new Shape(rows.size(), length));
  }

  /**
   * The weighted sequence log-probabilities of one side (policy or reference, chosen or rejected).
   *
   * @param tokens per-token log-probabilities and mask {@code [B, T]}
   * @param weights token weights {@code [B, T]}
   * @return {@code [B]}, attached to the manager of {@code tokens.values()}
   * @throws IllegalArgumentException if the weights' shape differs from the tokens'
   */
  public NDArray sequenceLogProbs(PerTokenLogProbs tokens, NDArray weights) {
    return normalisation == DdpoNormalisation.NORMALISED
        ? tokens.weightedMean(weights)
        : tokens.weightedSum(weights);
  }

  /**
   * Returns how the training path reduces token log-probs with these weights: the paper's
   * normalised weighted mean or the released code's weighted sum.
   *
   * @return {@link TokenReduction#MEAN} when normalised, else {@link TokenReduction#SUM}
   */
  public TokenReduction reduction() {
    return normalisation == DdpoNormalisation.NORMALISED ? TokenReduction.MEAN : TokenReduction.SUM;
  }

  /**
   * A sigmoid DPO loss with this setting's beta.
   *
   * @return the loss
   */
  public DpoLoss dpoLoss() {
    return DpoLoss.builder(LossType.SIGMOID).beta(beta).build();
  }

  /**
   * Returns gamma, the weight of changed tokens.
   *
   * @return gamma
   */
  public double gamma() {
    return gamma;
  }

  /**
   * Returns the normalisation.
   *
   * @return the normalisation
   */
  public DdpoNormalisation normalisation() {
    return normalisation;
  }

  /**
   * Returns the DPO beta this setting is used with.
   *
   * @return beta
   */
  public double beta() {
    return beta;
  }

  @Override
  public String toString() {
    return "Ddpo(gamma="
        + gamma
        + ", normalisation="
        + normalisation
        + ", beta="
        + beta
        + ", minMatchSize="
        + minMatchSize
        + ")";
  }
}
