package dev.mia.loss;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import dev.mia.core.tensor.OwnedScalar;
import org.jspecify.annotations.Nullable;

/** The forward computation of a configured {@link DpoLoss}, kept apart to keep both files small. */
final class DpoForward {
  private final DpoLoss config;

  private DpoForward(DpoLoss config) {
    this.config = config;
  }

  static DpoOutput run(
      DpoLoss config, PreferenceLogProbs inputs, @Nullable BcoRunningMean runningMean) {
    return new DpoForward(config).compute(inputs, runningMean);
  }

  private DpoOutput compute(PreferenceLogProbs inputs, @Nullable BcoRunningMean runningMean) {
    requireNonNull(inputs, "inputs");
    boolean legacyBco = config.trlVersion() == TrlVersion.LEGACY_0_24 && hasTerm(LossType.BCO_PAIR);
    if (legacyBco && runningMean == null) {
      throw new IllegalStateException(
          "BCO_PAIR with LEGACY_0_24 shifts rewards by a running mean: call compute(inputs,"
              + " runningMean)");
    }
    boolean sorted = hasTerm(LossType.AOT) || hasTerm(LossType.AOT_PAIR);
    if (sorted && (inputs.pairWeights() != null || config.dynamicBetaWeight() != 0)) {
      throw new IllegalArgumentException(
          "AOT and AOT_PAIR sort pairs across the batch, so they cannot take per-pair weights or"
              + " a dynamic beta");
    }
    boolean referenceFree = config.referenceMode() == ReferenceMode.NONE;
    boolean haveReference = inputs.referenceChosen() != null && inputs.referenceRejected() != null;
    if (!referenceFree && !haveReference) {
      throw new IllegalArgumentException(
          "reference mode MODEL needs reference log-probabilities, but the inputs have none");
    }
    if (config.nonFiniteInputs() == NonFiniteInputs.THROW) {
      NonFiniteCheck.check(inputs, hasTerm(LossType.SFT));
    }
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDArray pc = asFloat(inputs.policyChosen(), null);
      DataType type = pc.getDataType();
      NDArray pr = asFloat(inputs.policyRejected(), type);
      // The supplied reference feeds the reward metrics (and TRL 0.24's raw-ratio losses); the
      // loss reference is 0 when reference-free.
      NDArray suppliedRc = haveReference ? asFloat(inputs.referenceChosen(), type) : pc.zerosLike();
      NDArray suppliedRr =
          haveReference ? asFloat(inputs.referenceRejected(), type) : pc.zerosLike();
      NDArray chosenLengths = optionalFloat(inputs.chosenLengths(), type);
      NDArray rejectedLengths = optionalFloat(inputs.rejectedLengths(), type);
      NDArray policyCorrupted = optionalFloat(inputs.policyChosenCorrupted(), type);
      NDArray referenceCorrupted = optionalFloat(inputs.referenceChosenCorrupted(), type);
      if (legacyIpoFeed()) {
        // TRL 0.24's concatenated_forward divides every log-probability (policy and reference) by
        // its completion length when "ipo" is among the loss types, so every term and the
        // rewards see per-token means.
        if (chosenLengths == null || rejectedLengths == null) {
          throw new IllegalArgumentException(
              "IPO needs the response lengths, but the inputs have none: set lengths(...)");
        }
        NDArray lc = chosenLengths.maximum(1);
        NDArray lr = rejectedLengths.maximum(1);
        pc = pc.div(lc);
        pr = pr.div(lr);
        suppliedRc = suppliedRc.div(lc);
        suppliedRr = suppliedRr.div(lr);
        policyCorrupted = policyCorrupted == null ? null : policyCorrupted.div(lc);
        referenceCorrupted = referenceCorrupted == null ? null : referenceCorrupted.div(lc);
      }
      NDArray rc = referenceFree ? pc.zerosLike() : suppliedRc;
      NDArray rr = referenceFree ? pc.zerosLike() : suppliedRr;
      NDArray betas = betas(pc, inputs, type);
      double bcoDelta = 0;
      if (legacyBco) {
        // TRL 0.24: rewards = cat(beta * (pc - rc), beta * (pr - rr)).mean(), a 0-d tensor cast
        // to float32 and counted once by RunningMoments.
        NDArray rewards =
            NDArrays.concat(
                    new NDList(
                        betas.mul(pc.sub(suppliedRc)).stopGradient(),
                        betas.mul(pr.sub(suppliedRr)).stopGradient()))
                .mean();
        float batchMean = (float) rewards.toType(DataType.FLOAT64, false).getDouble();
        bcoDelta = runningMean.updateAsTrl024(batchMean);
      }
      PairLosses losses =
          new PairLosses(
              config,
              betas,
              pc,
              pr,
              rc,
              rr,
              suppliedRc,
              suppliedRr,
              chosenLengths,
              rejectedLengths,
              inputs.chosenTokens(),
              bcoDelta);
      NDArray total = pc.zerosLike();
      for (LossTerm term : config.terms()) {
        if (term.weight() != 0) {
          total = total.add(losses.perPair(term.type()).mul(OwnedScalar.of(pc, term.weight())));
        }
      }
      total =
          addMdpoTerms(
              total, policyCorrupted, referenceCorrupted, betas, pc, rc, losses.rhoChosen());
      if (inputs.pairWeights() != null) {
        total = total.mul(asFloat(inputs.pairWeights(), type));
      }
      NDArray loss = total.mean();
      double scale = rewardScale();
      NDArray chosenRewards = betas.mul(pc.sub(suppliedRc)).mul(scale).stopGradient();
      NDArray rejectedRewards = betas.mul(pr.sub(suppliedRr)).mul(scale).stopGradient();
      NDArray margins = chosenRewards.sub(rejectedRewards);
      NDArray accuracy = chosenRewards.gt(rejectedRewards).toType(type, false).mean();
      DpoOutput out =
          new DpoOutput(
              loss,
              total,
              chosenRewards,
              rejectedRewards,
              margins,
              accuracy,
              pc.stopGradient(),
              pr.stopGradient());
      NDScope.unregister(
          out.loss(),
          out.perPairLosses(),
          out.chosenRewards(),
          out.rejectedRewards(),
          out.margins(),
          out.accuracy(),
          out.chosenLogProbs(),
          out.rejectedLogProbs());
      return out;
    }
  }

  private NDArray addMdpoTerms(
      NDArray total,
      @Nullable NDArray policyCorrupted,
      @Nullable NDArray referenceCorrupted,
      NDArray betas,
      NDArray pc,
      NDArray rc,
      NDArray rhoChosen) {
    NDArray result = total;
    if (config.imageConditionalWeight() != 0) {
      if (policyCorrupted == null || referenceCorrupted == null) {
        throw new IllegalArgumentException(
            "the image-conditional term needs corrupted-image log-probabilities, but the inputs"
                + " have none: set corruptedImage(...)");
      }
      NDArray policy = pc.sub(policyCorrupted);
      // Reference-free: both reference log-probabilities of the term are 0.
      NDArray reference =
          config.referenceMode() == ReferenceMode.NONE
              ? pc.zerosLike()
              : rc.sub(referenceCorrupted);
      NDArray conditional = Stable.negLogSigmoid(betas.mul(policy.sub(reference)));
      result =
          result.add(conditional.mul(OwnedScalar.of(conditional, config.imageConditionalWeight())));
    }
    if (config.anchorWeight() != 0) {
      result =
          result.add(
              Stable.negLogSigmoid(betas.mul(rhoChosen))
                  .mul(OwnedScalar.of(rhoChosen, config.anchorWeight())));
    }
    return result;
  }

  /**
   * TRL 0.24 sums each term's rewards times its loss weight (its SFT term's rewards are 0), so a
   * loss list logs {@code (sum of the non-SFT weights) * beta * rho}; TRL 1.x logs {@code beta *
   * rho}.
   */
  private double rewardScale() {
    if (config.trlVersion() != TrlVersion.LEGACY_0_24) {
      return 1;
    }
    return config.terms().stream()
        .filter(t -> t.type() != LossType.SFT)
        .mapToDouble(LossTerm::weight)
        .sum();
  }

  /** Whether TRL 0.24's per-token mean feeding for IPO applies. */
  private boolean legacyIpoFeed() {
    return config.trlVersion() == TrlVersion.LEGACY_0_24
        && config.ipoNormalisation() == IpoNormalisation.PER_TOKEN_MEAN
        && hasTerm(LossType.IPO);
  }

  private NDArray betas(NDArray pc, PreferenceLogProbs inputs, DataType type) {
    NDArray base = pc.onesLike().mul(config.beta());
    if (config.dynamicBetaWeight() == 0) {
      return base.stopGradient();
    }
    if (inputs.rewardMargins() == null) {
      throw new IllegalArgumentException(
          "dynamic beta needs reward margins, but the inputs have none: set rewardMargins(...)");
    }
    NDArray margins = asFloat(inputs.rewardMargins(), type).stopGradient();
    return margins
        .mul(config.dynamicBetaWeight())
        .add(1)
        .mul(config.beta())
        .maximum(DpoLoss.MIN_DYNAMIC_BETA);
  }

  private static @Nullable NDArray optionalFloat(@Nullable NDArray array, DataType type) {
    return array == null ? null : asFloat(array, type);
  }

  /** Float64 stays; everything else (bf16, UNKNOWN, fp16, ints) becomes float32 or {@code type}. */
  private static NDArray asFloat(NDArray array, @Nullable DataType type) {
    DataType target =
        type != null
            ? type
            : array.getDataType() == DataType.FLOAT64 ? DataType.FLOAT64 : DataType.FLOAT32;
    return array.getDataType() == target ? array : array.toType(target, false);
  }

  private boolean hasTerm(LossType type) {
    return config.terms().stream().anyMatch(t -> t.type() == type && t.weight() != 0);
  }
}
