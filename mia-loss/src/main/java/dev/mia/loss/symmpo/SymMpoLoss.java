package dev.mia.loss.symmpo;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
import dev.mia.core.NonFiniteValueException;
import dev.mia.core.tensor.OwnedScalar;
import dev.mia.loss.DpoOutput;

/**
 * SymMPO's loss (Liu et al., arXiv 2506.11712; {@code Liuwq-bit/SymMPO}, {@code
 * muffin/train/trainers.py}). With {@code rho(y|m) = log pi(y|x,m) - log pi_ref(y|x,m)} (see {@link
 * SymMpoSide} for {@code m, m', y_w, y_l, y'}):
 *
 * <pre>
 *   h_0 = rho(y_w|m)  - rho(y_l|m)       response preference under m (standard DPO)
 *   h_1 = rho(y_w|m)  - rho(y'|m)        under m,  y_w beats the contrast answer
 *   h_2 = rho(y'|m')  - rho(y_w|m')      under m', the contrast answer beats y_w (the symmetric pair)
 *
 *   L = -log sig(beta h_0)
 *       + lambda [-log sig(beta h_1) - log sig(beta h_2)]
 *       + a [-log sig(beta rho(y_w|m)) - log sig(beta' rho(y'|m'))]     anchors
 *       + mu (h_1 - h_2)^2                                              margin consistency
 * </pre>
 *
 * Every preference compares two responses under one image, so DPO's {@code log Z(x, m)} cancels in
 * each; pairs that contrast images for one response (mDPO's image-conditional term, masked-image
 * negatives) leave {@code log Z(x, m) - log Z(x, m')} in the logit, which the paper shows is not
 * consistent with DPO's derivation. The margin-consistency term asks the two symmetric margins to
 * agree. Defaults follow the released code's loss: {@code lambda = 1} is its {@code lamda} input,
 * {@code mu = 1e-4} its fixed coefficient, anchors with weight 1 (the paper's {@code beta_1},
 * {@code beta_2} and {@code lamda} are per-sample inputs there; here they are settings).
 *
 * <p>The output's rewards and accuracy are those of the response pair {@code (y_w, y_l)} under
 * {@code m}, as SymMPO logs {@code rewards/accuracies}. Inputs are never closed; temporaries live
 * in an {@link NDScope}; outputs are attached to the manager of {@code policy.chosen()}. NaN or
 * infinite inputs throw {@link NonFiniteValueException} naming the input and the pair. Immutable
 * and thread-safe.
 */
public final class SymMpoLoss {
  private final double beta;
  private final double contrastAnchorBeta;
  private final double symmetricWeight;
  private final double anchorWeight;
  private final double marginConsistencyWeight;

  private SymMpoLoss(Builder b, double contrastAnchorBeta) {
    this.beta = b.beta;
    this.contrastAnchorBeta = contrastAnchorBeta;
    this.symmetricWeight = b.symmetricWeight;
    this.anchorWeight = b.anchorWeight;
    this.marginConsistencyWeight = b.marginConsistencyWeight;
  }

  /**
   * Starts a builder with the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Computes the loss.
   *
   * @param policy the policy's log-probabilities
   * @param reference the reference's log-probabilities, same batch
   * @return the loss (mean over pairs) and the response pair's metrics
   * @throws IllegalArgumentException if the two sides' batch shapes differ
   * @throws NonFiniteValueException if an input is NaN or infinite
   */
  public DpoOutput compute(SymMpoSide policy, SymMpoSide reference) {
    requireNonNull(policy, "policy");
    requireNonNull(reference, "reference");
    if (!policy.chosen().getShape().equals(reference.chosen().getShape())) {
      throw new IllegalArgumentException(
          "reference shape "
              + reference.chosen().getShape()
              + " does not match policy shape "
              + policy.chosen().getShape());
    }
    checkFinite("policy", policy);
    checkFinite("reference", reference);
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      DataType type =
          policy.chosen().getDataType() == DataType.FLOAT64 ? DataType.FLOAT64 : DataType.FLOAT32;
      NDArray[] p = floats(policy.arrays(), type);
      NDArray[] r = floats(reference.arrays(), type);
      NDArray chosen = p[0].sub(r[0]);
      NDArray rejected = p[1].sub(r[1]);
      NDArray contrast = p[2].sub(r[2]);
      NDArray chosenOnContrast = p[3].sub(r[3]);
      NDArray contrastOnContrast = p[4].sub(r[4]);
      NDArray h0 = chosen.sub(rejected);
      NDArray h1 = chosen.sub(contrast);
      NDArray h2 = contrastOnContrast.sub(chosenOnContrast);
      NDArray total = negLogSigmoid(h0.mul(OwnedScalar.of(h0, beta)));
      if (symmetricWeight != 0) {
        total =
            total.add(
                negLogSigmoid(h1.mul(OwnedScalar.of(h1, beta)))
                    .add(negLogSigmoid(h2.mul(OwnedScalar.of(h2, beta))))
                    .mul(OwnedScalar.of(h1, symmetricWeight)));
      }
      if (anchorWeight != 0) {
        total =
            total.add(
                negLogSigmoid(chosen.mul(OwnedScalar.of(chosen, beta)))
                    .add(
                        negLogSigmoid(
                            contrastOnContrast.mul(
                                OwnedScalar.of(contrastOnContrast, contrastAnchorBeta))))
                    .mul(OwnedScalar.of(chosen, anchorWeight)));
      }
      if (marginConsistencyWeight != 0) {
        total = total.add(h1.sub(h2).square().mul(OwnedScalar.of(h1, marginConsistencyWeight)));
      }
      NDArray loss = total.mean();
      NDArray chosenRewards = chosen.mul(beta).stopGradient();
      NDArray rejectedRewards = rejected.mul(beta).stopGradient();
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
              p[0].stopGradient(),
              p[1].stopGradient());
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

  private static NDArray negLogSigmoid(NDArray x) {
    return Activation.softPlus(x.neg());
  }

  private static NDArray[] floats(NDArray[] arrays, DataType type) {
    NDArray[] out = new NDArray[arrays.length];
    for (int i = 0; i < arrays.length; i++) {
      out[i] = arrays[i].getDataType() == type ? arrays[i] : arrays[i].toType(type, false);
    }
    return out;
  }

  /** One device-side reduction per side; the arrays are copied to the host only on failure. */
  private static void checkFinite(String model, SymMpoSide side) {
    NDArray[] arrays = side.arrays();
    String[] names = SymMpoSide.names();
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDArray any = null;
      for (NDArray array : arrays) {
        NDArray f = array.toType(DataType.FLOAT64, false);
        NDArray flags = f.isNaN().logicalOr(f.isInfinite());
        any = any == null ? flags : any.logicalOr(flags);
      }
      if (any == null || !any.any().getBoolean()) {
        return;
      }
      for (int k = 0; k < arrays.length; k++) {
        double[] values = arrays[k].toType(DataType.FLOAT64, false).toDoubleArray();
        for (int i = 0; i < values.length; i++) {
          if (!Double.isFinite(values[i])) {
            throw new NonFiniteValueException(
                "pair " + i + ": " + model + " " + names[k] + " is " + values[i]);
          }
        }
      }
    }
  }

  /**
   * Returns beta, the temperature of every term but the contrast anchor.
   *
   * @return beta
   */
  public double beta() {
    return beta;
  }

  /**
   * Returns the temperature of the contrast answer's anchor (the code's {@code beta_2}).
   *
   * @return beta'
   */
  public double contrastAnchorBeta() {
    return contrastAnchorBeta;
  }

  /**
   * Returns lambda, the weight of the symmetric pair.
   *
   * @return lambda
   */
  public double symmetricWeight() {
    return symmetricWeight;
  }

  /**
   * Returns the weight of the two anchors.
   *
   * @return the weight
   */
  public double anchorWeight() {
    return anchorWeight;
  }

  /**
   * Returns mu, the weight of the margin-consistency term.
   *
   * @return mu
   */
  public double marginConsistencyWeight() {
    return marginConsistencyWeight;
  }

  @Override
  public String toString() {
    return "SymMpoLoss(beta="
        + beta
        + ", contrastAnchorBeta="
        + contrastAnchorBeta
        + ", symmetricWeight="
        + symmetricWeight
        + ", anchorWeight="
        + anchorWeight
        + ", marginConsistencyWeight="
        + marginConsistencyWeight
        + ")";
  }

  /** Builder for {@link SymMpoLoss}; not thread-safe. */
  public static final class Builder {
    private double beta = 0.1;
    private double contrastAnchorBeta = Double.NaN;
    private double symmetricWeight = 1;
    private double anchorWeight = 1;
    private double marginConsistencyWeight = 1e-4;

    private Builder() {}

    /**
     * Sets beta; default 0.1.
     *
     * @param beta the temperature, {@code > 0}
     * @return this builder
     */
    public Builder beta(double beta) {
      this.beta = beta;
      return this;
    }

    /**
     * Sets the temperature of the contrast answer's anchor; default equal to beta.
     *
     * @param beta the temperature, {@code > 0}
     * @return this builder
     */
    public Builder contrastAnchorBeta(double beta) {
      this.contrastAnchorBeta = beta;
      return this;
    }

    /**
     * Sets lambda, the weight of the symmetric pair; default 1.
     *
     * @param weight {@code >= 0}
     * @return this builder
     */
    public Builder symmetricWeight(double weight) {
      this.symmetricWeight = weight;
      return this;
    }

    /**
     * Sets the weight of the anchors; default 1 (the released code always adds them).
     *
     * @param weight {@code >= 0}
     * @return this builder
     */
    public Builder anchorWeight(double weight) {
      this.anchorWeight = weight;
      return this;
    }

    /**
     * Sets mu, the weight of the margin-consistency term; default 1e-4 (the released code).
     *
     * @param weight {@code >= 0}
     * @return this builder
     */
    public Builder marginConsistencyWeight(double weight) {
      this.marginConsistencyWeight = weight;
      return this;
    }

    /**
     * Validates and builds the loss.
     *
     * @return the loss
     * @throws IllegalArgumentException if a setting is out of range
     */
    public SymMpoLoss build() {
      double anchorBeta = Double.isNaN(contrastAnchorBeta) ? beta : contrastAnchorBeta;
      positive("beta", beta);
      positive("contrastAnchorBeta", anchorBeta);
      nonNegative("symmetricWeight", symmetricWeight);
      nonNegative("anchorWeight", anchorWeight);
      nonNegative("marginConsistencyWeight", marginConsistencyWeight);
      return new SymMpoLoss(this, anchorBeta);
    }

    private static void positive(String name, double value) {
      if (!(value > 0) || Double.isInfinite(value)) {
        throw new IllegalArgumentException(name + " must be > 0 and finite, but is: " + value);
      }
    }

    private static void nonNegative(String name, double value) {
      if (!(value >= 0) || Double.isInfinite(value)) {
        throw new IllegalArgumentException(name + " must be >= 0 and finite, but is: " + value);
      }
    }
  }
}
