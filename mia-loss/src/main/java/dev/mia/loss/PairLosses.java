package dev.mia.loss;

import static dev.mia.loss.Stable.cappedExp;
import static dev.mia.loss.Stable.logSigmoid;
import static dev.mia.loss.Stable.negLogSigmoid;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import dev.mia.core.tensor.OwnedScalar;
import dev.mia.core.tensor.PerTokenLogProbs;
import org.jspecify.annotations.Nullable;

/**
 * The per-pair formulas of {@link LossType}, evaluated for one configured {@link DpoLoss}. All
 * arrays are {@code [B]}; temporaries are left to the caller's {@code NDScope}.
 */
final class PairLosses {
  /** In float32 IPO's and SPPO's squares are taken of a value clipped to this magnitude. */
  static final double SQUARE_CLIP = 1e18;

  private final DpoLoss config;
  private final NDArray beta;
  private final NDArray policyChosen;
  private final NDArray policyRejected;
  private final NDArray referenceChosen;
  private final NDArray referenceRejected;
  private final NDArray rhoChosen;
  private final NDArray rhoRejected;
  private final NDArray suppliedReferenceChosen;
  private final NDArray suppliedReferenceRejected;
  private final NDArray suppliedRhoChosen;
  private final NDArray suppliedRhoRejected;
  private final NDArray scoreChosen;
  private final NDArray scoreRejected;
  private final NDArray delta;
  private final @Nullable NDArray chosenLengths;
  private final @Nullable NDArray rejectedLengths;
  private final @Nullable PerTokenLogProbs chosenTokens;
  private final double bcoDelta;

  PairLosses(
      DpoLoss config,
      NDArray beta,
      NDArray policyChosen,
      NDArray policyRejected,
      NDArray referenceChosen,
      NDArray referenceRejected,
      NDArray suppliedReferenceChosen,
      NDArray suppliedReferenceRejected,
      @Nullable NDArray chosenLengths,
      @Nullable NDArray rejectedLengths,
      @Nullable PerTokenLogProbs chosenTokens,
      double bcoDelta) {
    this.config = config;
    this.beta = beta;
    this.policyChosen = policyChosen;
    this.policyRejected = policyRejected;
    this.referenceChosen = referenceChosen;
    this.referenceRejected = referenceRejected;
    this.rhoChosen = policyChosen.sub(referenceChosen);
    this.rhoRejected = policyRejected.sub(referenceRejected);
    this.suppliedReferenceChosen = suppliedReferenceChosen;
    this.suppliedReferenceRejected = suppliedReferenceRejected;
    this.suppliedRhoChosen =
        suppliedReferenceChosen == referenceChosen
            ? rhoChosen
            : policyChosen.sub(suppliedReferenceChosen);
    this.suppliedRhoRejected =
        suppliedReferenceRejected == referenceRejected
            ? rhoRejected
            : policyRejected.sub(suppliedReferenceRejected);
    this.scoreChosen = score(rhoChosen);
    this.scoreRejected = score(rhoRejected);
    this.delta = scoreChosen.sub(scoreRejected);
    this.chosenLengths = chosenLengths;
    this.rejectedLengths = rejectedLengths;
    this.chosenTokens = chosenTokens;
    this.bcoDelta = bcoDelta;
  }

  NDArray rhoChosen() {
    return rhoChosen;
  }

  NDArray rhoRejected() {
    return rhoRejected;
  }

  /** The f-divergence score {@code s(rho)}. */
  NDArray score(NDArray rho) {
    double alpha = config.alphaDivergenceCoefficient();
    switch (config.fDivergence()) {
      case REVERSE_KL:
        return rho;
      case FORWARD_KL:
        // TRL 1.x: -exp(-rho), uncapped; TRL 0.24 has none, so mia's legacy form is capped.
        return legacy() ? cappedExp(rho.neg()).neg() : rho.neg().exp().neg();
      case JS_DIVERGENCE:
        return logSigmoid(rho);
      case ALPHA_DIVERGENCE:
        if (config.trlVersion() == TrlVersion.LEGACY_0_24) {
          return cappedExp(rho.mul(OwnedScalar.of(rho, -alpha))).div(OwnedScalar.of(rho, -alpha));
        }
        if (Math.abs(alpha - 1.0) < 1e-6) {
          return rho;
        }
        return cappedExp(rho.mul(OwnedScalar.of(rho, alpha - 1.0)))
            .div(OwnedScalar.of(rho, alpha - 1.0));
      default:
        throw new IllegalStateException("unknown f-divergence: " + config.fDivergence());
    }
  }

  private boolean legacy() {
    return config.trlVersion() == TrlVersion.LEGACY_0_24;
  }

  /**
   * Scores for the losses that TRL 0.24 computes from raw log-ratios against the supplied reference
   * (even with {@code reference_free}).
   */
  private NDArray chosenScoreForRewardLosses() {
    return legacy() ? suppliedRhoChosen : scoreChosen;
  }

  private NDArray rejectedScoreForRewardLosses() {
    return legacy() ? suppliedRhoRejected : scoreRejected;
  }

  /** {@code x^2}; in float32 of x clipped to {@code +-1e18}, so that the square stays finite. */
  private static NDArray square(NDArray x) {
    if (x.getDataType() == ai.djl.ndarray.types.DataType.FLOAT32) {
      return x.clip(-SQUARE_CLIP, SQUARE_CLIP).square();
    }
    return x.square();
  }

  private NDArray smoothedSigmoid(NDArray logits) {
    return smoothedSigmoid(logits, config.labelSmoothing());
  }

  private static NDArray smoothedSigmoid(NDArray logits, double eps) {
    NDArray clean = negLogSigmoid(logits);
    if (eps == 0) {
      return clean;
    }
    return clean
        .mul(OwnedScalar.of(clean, 1 - eps))
        .add(negLogSigmoid(logits.neg()).mul(OwnedScalar.of(clean, eps)));
  }

  private NDArray halfInverseBeta() {
    return beta.mul(2).pow(-1);
  }

  private NDArray lengths(@Nullable NDArray lengths, LossType type) {
    if (lengths == null) {
      throw new IllegalArgumentException(
          type + " needs the response lengths, but the inputs have none: set lengths(...)");
    }
    return lengths.toType(beta.getDataType(), false).maximum(1);
  }

  NDArray perPair(LossType type) {
    double eps = config.labelSmoothing();
    NDArray logits = beta.mul(delta);
    switch (type) {
      case SIGMOID:
        // TRL 0.24: cDPO; TRL 1.x's sigmoid ignores label_smoothing.
        return legacy() ? smoothedSigmoid(logits) : negLogSigmoid(logits);
      case HINGE:
        return Activation.relu(logits.neg().add(1));
      case IPO:
        return ipo();
      case ROBUST:
        return negLogSigmoid(logits)
            .mul(OwnedScalar.of(logits, 1 - eps))
            .sub(negLogSigmoid(logits.neg()).mul(OwnedScalar.of(logits, eps)))
            .div(OwnedScalar.of(logits, 1 - 2 * eps));
      case EXO_PAIR:
        {
          double exoEps = config.exoLabelSmoothing();
          return Activation.sigmoid(logits)
              .mul(logSigmoid(logits).sub(Math.log1p(-exoEps)))
              .add(
                  Activation.sigmoid(logits.neg())
                      .mul(logSigmoid(logits.neg()).sub(Math.log(exoEps))));
        }
      case NCA_PAIR:
        {
          NDArray chosen = beta.mul(chosenScoreForRewardLosses());
          NDArray rejected = beta.mul(rejectedScoreForRewardLosses());
          return negLogSigmoid(chosen)
              .add(negLogSigmoid(chosen.neg()).mul(OwnedScalar.of(chosen, 0.5)))
              .add(negLogSigmoid(rejected.neg()).mul(OwnedScalar.of(chosen, 0.5)));
        }
      case BCO_PAIR:
        {
          NDArray chosen = beta.mul(chosenScoreForRewardLosses()).sub(bcoDelta);
          NDArray rejected = beta.mul(rejectedScoreForRewardLosses()).sub(bcoDelta);
          return negLogSigmoid(chosen).add(negLogSigmoid(rejected.neg()));
        }
      case SPPO_HARD:
        {
          NDArray half = halfInverseBeta();
          return square(chosenScoreForRewardLosses().sub(half))
              .add(square(rejectedScoreForRewardLosses().add(half)));
        }
      case AOT:
        {
          NDArray policy = policyChosen.sub(policyRejected).sort(0);
          NDArray reference =
              legacy()
                  ? suppliedReferenceChosen.sub(suppliedReferenceRejected).sort(0)
                  : referenceChosen.sub(referenceRejected).sort(0);
          return smoothedAot(policy.sub(reference));
        }
      case AOT_PAIR:
        return legacy()
            ? smoothedAot(suppliedRhoChosen.sort(0).sub(suppliedRhoRejected.sort(0)))
            : smoothedAot(rhoChosen.sort(0).sub(rhoRejected.sort(0)));
      case APO_ZERO:
        return Activation.sigmoid(beta.mul(rhoChosen))
            .neg()
            .add(1)
            .add(Activation.sigmoid(beta.mul(rhoRejected)));
      case APO_DOWN:
        {
          NDArray d = legacy() ? rhoChosen.sub(rhoRejected) : delta;
          return Activation.sigmoid(beta.mul(rhoChosen))
              .add(1)
              .sub(Activation.sigmoid(beta.mul(d)));
        }
      case DISCOPOP:
        {
          NDArray d = legacy() ? suppliedRhoChosen.sub(suppliedRhoRejected) : delta;
          NDArray l = beta.mul(d);
          NDArray scaled = l.div(OwnedScalar.of(l, config.discopopTau()));
          NDArray logistic = Activation.sigmoid(scaled.neg()).mul(negLogSigmoid(l));
          // m * exp(-l) = exp(-l + log sigmoid(l / tau)): bounded for every l.
          NDArray exponential = cappedExp(l.neg().add(logSigmoid(scaled)));
          return logistic.add(exponential);
        }
      case SIGMOID_NORM:
        {
          NDArray d =
              scoreChosen
                  .div(lengths(chosenLengths, type))
                  .sub(scoreRejected.div(lengths(rejectedLengths, type)));
          return negLogSigmoid(beta.mul(d));
        }
      case SFT:
        return sft();
      default:
        throw new IllegalStateException("unknown loss type: " + type);
    }
  }

  private NDArray smoothedAot(NDArray d) {
    return smoothedSigmoid(beta.mul(d));
  }

  private NDArray ipo() {
    NDArray d;
    if (config.ipoNormalisation() == IpoNormalisation.NONE) {
      d = delta;
    } else {
      NDArray lc = lengths(chosenLengths, LossType.IPO);
      NDArray lr = lengths(rejectedLengths, LossType.IPO);
      if (legacy()) {
        // TRL 0.24 feeds per-token means of the log-probabilities (DpoForward divided them).
        d = delta;
      } else {
        d = scoreChosen.div(lc).sub(scoreRejected.div(lr));
      }
    }
    return square(d.sub(halfInverseBeta()));
  }

  private NDArray sft() {
    if (chosenTokens == null) {
      throw new IllegalArgumentException(
          "SFT needs the chosen per-token log-probabilities, but the inputs have none: set"
              + " chosenTokens(...)");
    }
    NDArray total = chosenTokens.sum().sum().toType(beta.getDataType(), false);
    NDArray count = chosenTokens.tokenCounts().sum().toType(beta.getDataType(), false).maximum(1);
    return beta.onesLike().mul(total.div(count).neg());
  }
}
