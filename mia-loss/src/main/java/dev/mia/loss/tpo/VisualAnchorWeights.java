package dev.mia.loss.tpo;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Activation;
import dev.mia.core.NonFiniteValueException;
import dev.mia.core.data.TokenWeights;
import dev.mia.core.tensor.PerTokenLogProbs;

/**
 * TPO's visually anchored token weights (Gu et al., arXiv 2412.14487; {@code alibaba/TPO}). With
 * the token's visual anchor {@code s_t = log p(a_t | a_<t, x, m) - log p(a_t | a_<t, x, m')}
 * ({@code m'} the corrupted image; mia's token VIG), the weights are
 *
 * <pre>
 *   chosen:   w_t = sigmoid(s_t) + 1/2          (in (0.5, 1.5): image-grounded tokens weigh more)
 *   rejected: w_t = 1 - sigmoid(s_t) + 1/2      (grounded tokens of a wrong answer weigh less)
 * </pre>
 *
 * as TPO's released trainer computes them ({@code _get_token_batch_logps} and {@code
 * _get_token_batch_logps_reciprocal}), and a response's sequence log-probability is {@code sum_t
 * m_t (lp_t + log w_t)} ({@link AnchorApplication#LOG_PROBABILITY_BONUS}, TPO) or {@code sum_t m_t
 * w_t lp_t} ({@link AnchorApplication#TOKEN_WEIGHTS}). Apply the same weights to the policy and to
 * the reference, then pass the sums to {@link dev.mia.loss.DpoLoss} (any loss type composes).
 *
 * <p>Departures from the released code, both to make the weights a reusable building block: TPO
 * takes {@code s_t} from raw logits of the model being trained, recomputed in every forward pass
 * (with gradient) and separately for the reference; mia takes log-probability differences (the
 * paper's "logistic distributions", and exactly the VIG scorer's per-token gain) scored once, from
 * a fixed model, without gradient. With {@link AnchorApplication#LOG_PROBABILITY_BONUS} and the
 * same weights on policy and reference, the {@code log w_t} terms cancel in every log-ratio; TPO's
 * effect there comes from the weights differing between the two models, so use {@link
 * AnchorApplication#TOKEN_WEIGHTS} (the default) with fixed weights.
 *
 * <p>Immutable and thread-safe.
 */
public final class VisualAnchorWeights {
  /** The weighting used by default: {@link AnchorApplication#TOKEN_WEIGHTS}. */
  public static final VisualAnchorWeights DEFAULT =
      new VisualAnchorWeights(AnchorApplication.TOKEN_WEIGHTS);

  private final AnchorApplication application;

  private VisualAnchorWeights(AnchorApplication application) {
    this.application = application;
  }

  /**
   * Creates a weighting.
   *
   * @param application how the weights enter the sequence log-probabilities
   * @return the weighting
   */
  public static VisualAnchorWeights of(AnchorApplication application) {
    return new VisualAnchorWeights(requireNonNull(application, "application"));
  }

  /**
   * Chosen-response weights {@code sigmoid(s_t) + 0.5} on the host.
   *
   * @param anchors {@code s_t} per token, all finite
   * @return one weight per token
   * @throws NonFiniteValueException if an anchor is NaN or infinite
   */
  public static float[] chosenWeights(float[] anchors) {
    return weights(anchors, true);
  }

  /**
   * Rejected-response weights {@code 1.5 - sigmoid(s_t)} on the host.
   *
   * @param anchors {@code s_t} per token, all finite
   * @return one weight per token
   * @throws NonFiniteValueException if an anchor is NaN or infinite
   */
  public static float[] rejectedWeights(float[] anchors) {
    return weights(anchors, false);
  }

  /**
   * A pair's token weights from the anchors of both answers, in the form a {@link
   * dev.mia.core.data.PreferencePair} carries (the slot DDPO's weights use).
   *
   * @param chosenAnchors {@code s_t} of the chosen answer's tokens
   * @param rejectedAnchors {@code s_t} of the rejected answer's tokens
   * @return chosen weights {@code sigmoid(s_t) + 0.5}, rejected weights {@code 1.5 - sigmoid(s_t)}
   * @throws NonFiniteValueException if an anchor is NaN or infinite
   */
  public static TokenWeights tokenWeights(float[] chosenAnchors, float[] rejectedAnchors) {
    return TokenWeights.of(chosenWeights(chosenAnchors), rejectedWeights(rejectedAnchors));
  }

  private static float[] weights(float[] anchors, boolean chosen) {
    float[] w = new float[anchors.length];
    for (int t = 0; t < anchors.length; t++) {
      if (!Float.isFinite(anchors[t])) {
        throw new NonFiniteValueException("visual anchor of token " + t + " is " + anchors[t]);
      }
      double sigmoid = 1 / (1 + Math.exp(-anchors[t]));
      w[t] = (float) (chosen ? sigmoid + 0.5 : 1.5 - sigmoid);
    }
    return w;
  }

  /**
   * Chosen-response weights {@code sigmoid(s_t) + 0.5}, without gradient.
   *
   * @param anchors {@code s_t} {@code [B, T]}
   * @return {@code [B, T]}, attached to the manager of {@code anchors}
   */
  public static NDArray chosenWeights(NDArray anchors) {
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDArray w = Activation.sigmoid(anchors.stopGradient()).add(0.5);
      NDScope.unregister(w);
      return w;
    }
  }

  /**
   * Rejected-response weights {@code 1.5 - sigmoid(s_t)}, without gradient.
   *
   * @param anchors {@code s_t} {@code [B, T]}
   * @return {@code [B, T]}, attached to the manager of {@code anchors}
   */
  public static NDArray rejectedWeights(NDArray anchors) {
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDArray w = Activation.sigmoid(anchors.stopGradient()).neg().add(1.5);
      NDScope.unregister(w);
      return w;
    }
  }

  /**
   * One side's sequence log-probabilities with the weights applied ({@link #application()}).
   *
   * @param tokens per-token log-probabilities and mask {@code [B, T]} (policy or reference)
   * @param weights the side's weights {@code [B, T]}, positive
   * @return {@code [B]}, attached to the manager of {@code tokens.values()}
   * @throws IllegalArgumentException if the shapes differ
   */
  public NDArray sequenceLogProbs(PerTokenLogProbs tokens, NDArray weights) {
    requireNonNull(tokens, "tokens");
    requireNonNull(weights, "weights");
    if (!weights.getShape().equals(tokens.values().getShape())) {
      throw new IllegalArgumentException(
          "weights shape "
              + weights.getShape()
              + " does not match log-probs shape "
              + tokens.values().getShape());
    }
    if (application == AnchorApplication.TOKEN_WEIGHTS) {
      return tokens.weightedSum(weights);
    }
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDArray bonus = weights.toType(tokens.values().getDataType(), false).log();
      NDArray shifted = tokens.values().add(bonus);
      NDArray result = new PerTokenLogProbs(shifted, tokens.mask()).sum();
      NDScope.unregister(result);
      return result;
    }
  }

  /**
   * Returns how the weights enter the sequence log-probabilities.
   *
   * @return the application
   */
  public AnchorApplication application() {
    return application;
  }

  @Override
  public String toString() {
    return "VisualAnchorWeights(application=" + application + ")";
  }
}
