package dev.mia.loss.chip;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import dev.mia.core.tensor.OwnedScalar;
import dev.mia.loss.DpoLoss;
import dev.mia.loss.DpoOutput;
import dev.mia.loss.LossType;
import dev.mia.loss.PreferenceLogProbs;
import dev.mia.loss.ddpo.Ddpo;

/**
 * CHiP's hierarchical preference loss (Fu et al., arXiv 2501.16629; {@code LVUGAI/CHiP}) as a
 * weighted sum of terms mia already has. With {@code rho} the log-ratios of the plain sequence
 * log-probabilities, {@code rho~} those of DDPO's weighted sums ({@link Ddpo#sequenceLogProbs}, the
 * corrected segments weighing gamma) and {@code m'} the rejected (noised) image:
 *
 * <pre>
 *   L = -log sig(beta (rho_c - rho_r))                                   response level
 *     + w_s * -log sig(beta (rho~_c - rho~_r))                            segment level
 *     + w_v * -log sig(beta [(log pi(y_c|m) - log pi(y_c|m')) - (same for pi_ref)])   visual
 * </pre>
 *
 * The response and visual terms are one {@link DpoLoss} ({@link LossType#SIGMOID} with {@link
 * DpoLoss.Builder#imageConditionalWeight}), the segment term a second sigmoid {@link DpoLoss} over
 * the DDPO sums; both are available as {@link #responseLoss()} and {@link #segmentLoss()} to
 * compose differently (another loss type, a reference-free variant).
 *
 * <p>Not covered, and why: CHiP's token level is TDPO's sequential KL between policy and reference
 * next-token distributions, which needs the reference's full vocabulary distribution at every
 * position (mia's reference cache stores token log-probabilities only). The released code also adds
 * the visual logit inside the response term's sigmoid ({@code use_cross_modal_loss}) and uses the
 * DDPO-weighted sums as its only response form; the paper writes the levels as separate terms,
 * which is the form here.
 *
 * <p>Immutable and thread-safe.
 */
public final class ChipLoss {
  private final double beta;
  private final double segmentWeight;
  private final double visualWeight;
  private final DpoLoss responseLoss;
  private final DpoLoss segmentLoss;

  private ChipLoss(double beta, double segmentWeight, double visualWeight) {
    this.beta = beta;
    this.segmentWeight = segmentWeight;
    this.visualWeight = visualWeight;
    this.responseLoss =
        DpoLoss.builder(LossType.SIGMOID).beta(beta).imageConditionalWeight(visualWeight).build();
    this.segmentLoss = DpoLoss.builder(LossType.SIGMOID).beta(beta).build();
  }

  /**
   * Creates the loss.
   *
   * @param beta the DPO temperature of every level, {@code > 0}
   * @param segmentWeight the weight {@code w_s} of the segment level, {@code >= 0}
   * @param visualWeight the weight {@code w_v} of the visual term, {@code >= 0}
   * @return the loss
   * @throws IllegalArgumentException if a value is out of range
   */
  public static ChipLoss of(double beta, double segmentWeight, double visualWeight) {
    if (!(segmentWeight >= 0) || Double.isInfinite(segmentWeight)) {
      throw new IllegalArgumentException(
          "segmentWeight must be >= 0 and finite, but is: " + segmentWeight);
    }
    // beta and visualWeight are validated by DpoLoss.Builder.
    return new ChipLoss(beta, segmentWeight, visualWeight);
  }

  /**
   * Computes the loss.
   *
   * @param response plain sequence log-probabilities, with the reference and the rejected image's
   *     chosen log-probabilities ({@link PreferenceLogProbs.Builder#corruptedImage}) when {@code
   *     w_v > 0}
   * @param segment DDPO-weighted sequence log-probabilities of the same pairs, with the reference
   * @return the summed loss and per-pair losses; rewards, margins, accuracy and log-probs are the
   *     response level's
   * @throws IllegalArgumentException if an input a term needs is missing
   * @throws dev.mia.core.NonFiniteValueException if an input is NaN or infinite
   */
  public DpoOutput compute(PreferenceLogProbs response, PreferenceLogProbs segment) {
    requireNonNull(response, "response");
    requireNonNull(segment, "segment");
    DpoOutput r = responseLoss.compute(response);
    if (segmentWeight == 0) {
      return r;
    }
    try (DpoOutput s = segmentLoss.compute(segment);
        NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDArray loss = r.loss().add(s.loss().mul(OwnedScalar.of(s.loss(), segmentWeight)));
      NDArray perPair =
          r.perPairLosses()
              .add(s.perPairLosses().mul(OwnedScalar.of(s.perPairLosses(), segmentWeight)));
      NDScope.unregister(loss, perPair);
      r.loss().close();
      r.perPairLosses().close();
      return new DpoOutput(
          loss,
          perPair,
          r.chosenRewards(),
          r.rejectedRewards(),
          r.margins(),
          r.accuracy(),
          r.chosenLogProbs(),
          r.rejectedLogProbs());
    }
  }

  /**
   * Returns the response-level loss with the visual term.
   *
   * @return the loss
   */
  public DpoLoss responseLoss() {
    return responseLoss;
  }

  /**
   * Returns the segment-level loss (a sigmoid DPO to feed DDPO-weighted sums).
   *
   * @return the loss
   */
  public DpoLoss segmentLoss() {
    return segmentLoss;
  }

  /**
   * Returns beta.
   *
   * @return beta
   */
  public double beta() {
    return beta;
  }

  /**
   * Returns the segment level's weight.
   *
   * @return {@code w_s}
   */
  public double segmentWeight() {
    return segmentWeight;
  }

  /**
   * Returns the visual term's weight.
   *
   * @return {@code w_v}
   */
  public double visualWeight() {
    return visualWeight;
  }

  @Override
  public String toString() {
    return "ChipLoss(beta="
        + beta
        + ", segmentWeight="
        + segmentWeight
        + ", visualWeight="
        + visualWeight
        + ")";
  }
}
