package dev.mia.loss;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A configured preference loss of the DPO family (Rafailov et al., "Direct Preference
 * Optimization", arXiv 2305.18290) following TRL's {@code DPOTrainer}: a weighted sum of {@link
 * LossType} terms over the log-ratios {@code rho = log pi(y|x) - log pi_ref(y|x)} of the chosen and
 * rejected responses, mapped through an {@link FDivergence}, with optional extras:
 *
 * <ul>
 *   <li>per-pair weights (user weights or {@link WpoWeights}): each pair's loss is multiplied;
 *   <li>MM-DPO's dynamic beta (MM-RLHF, arXiv 2502.10391): {@code beta_i = max(1e-3, beta (1 + w
 *       margin_i))} with {@code w} = {@link Builder#dynamicBetaWeight};
 *   <li>mDPO's terms (Wang et al., arXiv 2406.11839): image-conditional {@code -log sigmoid(beta
 *       [(log pi(y_c|m) - log pi(y_c|m')) - (log pi_ref(y_c|m) - log pi_ref(y_c|m'))])} and anchor
 *       {@code -log sigmoid(beta rho_c)}, each with its own weight.
 * </ul>
 *
 * <pre>{@code
 * DpoLoss dpo = DpoLoss.builder(LossType.SIGMOID).beta(0.1).build();
 * DpoOutput out = dpo.compute(PreferenceLogProbs.builder(pc, pr).reference(rc, rr).build());
 * gradientCollector.backward(out.loss());
 * }</pre>
 *
 * <p>The loss is {@code mean_i(w_i * sum_k weight_k * loss_k(i) + mDPO terms)}.
 *
 * <h2>Non-finite values</h2>
 *
 * Every {@code log sigmoid} is {@code -softplus(-x)} and every exponential is capped at {@code
 * e^80} (except TRL 1.x's uncapped forward KL, see {@link FDivergence}), and in float32 the squares
 * of IPO and SPPO are taken of a value clipped to {@code +-1e18}, so losses and gradients are
 * finite for log-ratio differences up to at least {@code 1e4} in magnitude, in float32 and float64.
 * NaN or infinite inputs throw {@link dev.mia.core.NonFiniteValueException} naming the input and
 * the pair index, unless {@link Builder#nonFiniteInputs} says {@link NonFiniteInputs#PROPAGATE}.
 *
 * <h2>TRL versions</h2>
 *
 * Formulas follow TRL 1.x ({@link TrlVersion#CURRENT}, read at 1.10.0.dev0) or TRL 0.24.0 ({@link
 * TrlVersion#LEGACY_0_24}) where the two differ; {@link TrlVersion} lists every difference and
 * {@link Builder#trlDefaults} sets every default to one version's. Departures from TRL 1.x, each
 * tested: label smoothing must lie in {@code [0, 1]} for every type (TRL does not check), robust's
 * must lie in {@code [0, 0.5)} (TRL 1.x only warns: at 0.5 robust divides by zero) and EXO's in
 * {@code (0, 0.5]}; the loss is numerically stable where TRL's is not (DiscoPOP's {@code exp(-l)},
 * the float32 squares above), which changes no finite value beyond rounding. Departure from TRL
 * 0.24: the alpha divergence's exponent cap (see {@link FDivergence}).
 *
 * <h2>State</h2>
 *
 * A loss with a legacy {@link LossType#BCO_PAIR} term owns one {@link BcoRunningMean}, as TRL
 * 0.24's trainer owns its {@code RunningMoments}: {@link #compute(PreferenceLogProbs)} updates it,
 * so one loss instance serves one training run. Every other loss is stateless.
 *
 * <h2>Memory and types</h2>
 *
 * Inputs are never closed; intermediate arrays live in an {@link ai.djl.ndarray.NDScope} that is
 * closed before {@code compute} returns; outputs are attached to the manager of the policy
 * log-probabilities. Float64 inputs are computed in float64; every other type (bfloat16, float16,
 * integers) is converted to float32 first. Only the BCO running mean (TRL 0.24) and the non-finite
 * check read a scalar to the host.
 *
 * <p>Instances are immutable (apart from the BCO running mean above) and thread-safe.
 */
public final class DpoLoss {
  /** The smallest per-pair beta of MM-DPO's dynamic beta. */
  public static final double MIN_DYNAMIC_BETA = 1e-3;

  /** The default beta, 0.1 (TRL). */
  public static final double DEFAULT_BETA = 0.1;

  /** The default DiscoPOP temperature, 0.05 (TRL). */
  public static final double DEFAULT_DISCOPOP_TAU = 0.05;

  /** EXO's label smoothing where it is 0 under TRL 0.24, 1e-3 (the EXO paper's suggestion). */
  public static final double LEGACY_EXO_LABEL_SMOOTHING = 1e-3;

  private final List<LossTerm> terms;
  private final double beta;
  private final double labelSmoothing;
  private final FDivergence fDivergence;
  private final double alphaDivergenceCoefficient;
  private final TrlVersion trlVersion;
  private final IpoNormalisation ipoNormalisation;
  private final ReferenceMode referenceMode;
  private final double discopopTau;
  private final double dynamicBetaWeight;
  private final double imageConditionalWeight;
  private final double anchorWeight;
  private final NonFiniteInputs nonFiniteInputs;
  private final @Nullable BcoRunningMean ownRunningMean;

  private DpoLoss(Builder b, double alpha) {
    this.terms = List.copyOf(b.terms);
    this.beta = b.beta;
    this.labelSmoothing = b.labelSmoothing;
    this.fDivergence = b.fDivergence;
    this.alphaDivergenceCoefficient = alpha;
    this.trlVersion = b.trlVersion;
    this.ipoNormalisation = b.ipoNormalisation;
    this.referenceMode = b.referenceMode;
    this.discopopTau = b.discopopTau;
    this.dynamicBetaWeight = b.dynamicBetaWeight;
    this.imageConditionalWeight = b.imageConditionalWeight;
    this.anchorWeight = b.anchorWeight;
    this.nonFiniteInputs = b.nonFiniteInputs;
    boolean legacyBco =
        trlVersion == TrlVersion.LEGACY_0_24
            && terms.stream().anyMatch(t -> t.type() == LossType.BCO_PAIR && t.weight() != 0);
    this.ownRunningMean = legacyBco ? new BcoRunningMean() : null;
  }

  /**
   * Starts a builder for one loss type with weight 1.
   *
   * @param type the loss
   * @return a new builder
   */
  public static Builder builder(LossType type) {
    return new Builder(List.of(LossTerm.of(requireNonNull(type, "type"), 1.0)));
  }

  /**
   * Starts a builder for a weighted sum of losses.
   *
   * @param terms the terms, at least one, each type at most once
   * @return a new builder
   * @throws IllegalArgumentException if the list is empty or names a type twice
   */
  public static Builder builder(List<LossTerm> terms) {
    List<LossTerm> copy = List.copyOf(terms);
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("terms must not be empty");
    }
    if (copy.stream().map(LossTerm::type).distinct().count() != copy.size()) {
      throw new IllegalArgumentException("terms must name each loss type once, but are: " + copy);
    }
    return new Builder(copy);
  }

  /**
   * Computes the loss and metrics; safe for every type. A legacy {@link LossType#BCO_PAIR} term
   * updates this loss's own running mean ({@link #bcoRunningMean()}), as TRL 0.24's trainer does
   * once per batch.
   *
   * @param inputs the batch
   * @return the loss and metrics, attached to the manager of {@code inputs.policyChosen()}
   * @throws IllegalArgumentException if an input a configured term needs is missing
   * @throws dev.mia.core.NonFiniteValueException if an input is NaN or infinite (unless {@link
   *     NonFiniteInputs#PROPAGATE})
   */
  public DpoOutput compute(PreferenceLogProbs inputs) {
    return DpoForward.run(this, inputs, ownRunningMean);
  }

  /**
   * Computes the loss and metrics, updating TRL 0.24's BCO running reward mean first (its delta
   * shifts the BCO rewards). The running mean is only used by a legacy {@link LossType#BCO_PAIR}
   * term.
   *
   * @param inputs the batch
   * @param runningMean the BCO accumulator, or null for this loss's own ({@link #compute(
   *     PreferenceLogProbs)})
   * @return the loss and metrics, attached to the manager of {@code inputs.policyChosen()}
   * @throws IllegalArgumentException if an input a configured term needs is missing
   * @throws dev.mia.core.NonFiniteValueException if an input is NaN or infinite (unless {@link
   *     NonFiniteInputs#PROPAGATE})
   */
  public DpoOutput compute(PreferenceLogProbs inputs, @Nullable BcoRunningMean runningMean) {
    return DpoForward.run(this, inputs, runningMean != null ? runningMean : ownRunningMean);
  }

  /**
   * Returns the running mean this loss owns for a legacy BCO term.
   *
   * @return the accumulator, or null when the loss has no {@link LossType#BCO_PAIR} term under
   *     {@link TrlVersion#LEGACY_0_24}
   */
  public @Nullable BcoRunningMean bcoRunningMean() {
    return ownRunningMean;
  }

  /**
   * Returns the label smoothing the EXO term uses: {@link #labelSmoothing()}, or 1e-3 where it is 0
   * under {@link TrlVersion#LEGACY_0_24} (TRL 0.24's {@code dpo_loss}). TRL 0.24 writes that 1e-3
   * back into its trainer's {@code label_smoothing}, so the other smoothed terms of the same loss
   * list (cDPO, robust, AOT) use it too from then on; mia applies it to EXO only.
   *
   * @return EXO's epsilon
   */
  public double exoLabelSmoothing() {
    return labelSmoothing == 0 && trlVersion == TrlVersion.LEGACY_0_24
        ? LEGACY_EXO_LABEL_SMOOTHING
        : labelSmoothing;
  }

  /**
   * Returns what compute does with NaN or infinite inputs.
   *
   * @return the policy
   */
  public NonFiniteInputs nonFiniteInputs() {
    return nonFiniteInputs;
  }

  /**
   * Returns the loss terms.
   *
   * @return the terms, unmodifiable
   */
  public List<LossTerm> terms() {
    return terms;
  }

  /**
   * Returns beta, the temperature of the implicit reward.
   *
   * @return beta
   */
  public double beta() {
    return beta;
  }

  /**
   * Returns the label smoothing epsilon.
   *
   * @return epsilon
   */
  public double labelSmoothing() {
    return labelSmoothing;
  }

  /**
   * Returns the f-divergence.
   *
   * @return the divergence
   */
  public FDivergence fDivergence() {
    return fDivergence;
  }

  /**
   * Returns the alpha-divergence coefficient (used only with {@link FDivergence#ALPHA_DIVERGENCE}).
   *
   * @return alpha
   */
  public double alphaDivergenceCoefficient() {
    return alphaDivergenceCoefficient;
  }

  /**
   * Returns the TRL version whose formulas are followed where versions differ.
   *
   * @return the version
   */
  public TrlVersion trlVersion() {
    return trlVersion;
  }

  /**
   * Returns IPO's length normalisation.
   *
   * @return the normalisation
   */
  public IpoNormalisation ipoNormalisation() {
    return ipoNormalisation;
  }

  /**
   * Returns whether a reference model is used.
   *
   * @return the reference mode
   */
  public ReferenceMode referenceMode() {
    return referenceMode;
  }

  /**
   * Returns DiscoPOP's temperature tau.
   *
   * @return tau
   */
  public double discopopTau() {
    return discopopTau;
  }

  /**
   * Returns MM-DPO's dynamic-beta weight {@code w} (0 = off).
   *
   * @return w
   */
  public double dynamicBetaWeight() {
    return dynamicBetaWeight;
  }

  /**
   * Returns the weight of mDPO's image-conditional term (0 = off).
   *
   * @return the weight
   */
  public double imageConditionalWeight() {
    return imageConditionalWeight;
  }

  /**
   * Returns the weight of mDPO's anchor term (0 = off).
   *
   * @return the weight
   */
  public double anchorWeight() {
    return anchorWeight;
  }

  /**
   * Returns a builder holding this loss's settings.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return toBuilder(terms);
  }

  /**
   * Returns a builder holding this loss's settings but other terms, for example to add an SFT term
   * ({@code rpo_alpha}) to a configured loss.
   *
   * @param terms the terms, at least one, each type at most once
   * @return a new builder
   * @throws IllegalArgumentException if the list is empty or names a type twice
   */
  public Builder toBuilder(List<LossTerm> terms) {
    Builder b = builder(terms);
    b.beta = beta;
    b.labelSmoothing = labelSmoothing;
    b.fDivergence = fDivergence;
    b.alphaDivergenceCoefficient = alphaDivergenceCoefficient;
    b.trlVersion = trlVersion;
    b.ipoNormalisation = ipoNormalisation;
    b.referenceMode = referenceMode;
    b.discopopTau = discopopTau;
    b.dynamicBetaWeight = dynamicBetaWeight;
    b.imageConditionalWeight = imageConditionalWeight;
    b.anchorWeight = anchorWeight;
    b.nonFiniteInputs = nonFiniteInputs;
    return b;
  }

  @Override
  public String toString() {
    return "DpoLoss(terms="
        + terms.stream()
            .map(t -> t.type() + "*" + t.weight())
            .collect(Collectors.joining(", ", "[", "]"))
        + ", beta="
        + beta
        + ", labelSmoothing="
        + labelSmoothing
        + ", fDivergence="
        + fDivergence
        + ", alphaDivergenceCoefficient="
        + alphaDivergenceCoefficient
        + ", trlVersion="
        + trlVersion
        + ", ipoNormalisation="
        + ipoNormalisation
        + ", referenceMode="
        + referenceMode
        + ", discopopTau="
        + discopopTau
        + ", dynamicBetaWeight="
        + dynamicBetaWeight
        + ", imageConditionalWeight="
        + imageConditionalWeight
        + ", anchorWeight="
        + anchorWeight
        + ", nonFiniteInputs="
        + nonFiniteInputs
        + ")";
  }

  /** Builder for {@link DpoLoss}; not thread-safe. */
  public static final class Builder {
    private final List<LossTerm> terms;
    private double beta = DEFAULT_BETA;
    private double labelSmoothing;
    private FDivergence fDivergence = FDivergence.REVERSE_KL;
    private double alphaDivergenceCoefficient = Double.NaN;
    private TrlVersion trlVersion = TrlVersion.CURRENT;
    private IpoNormalisation ipoNormalisation = IpoNormalisation.PER_TOKEN_MEAN;
    private ReferenceMode referenceMode = ReferenceMode.MODEL;
    private double discopopTau = DEFAULT_DISCOPOP_TAU;
    private double dynamicBetaWeight;
    private double imageConditionalWeight;
    private double anchorWeight;
    private NonFiniteInputs nonFiniteInputs = NonFiniteInputs.THROW;

    private Builder(List<LossTerm> terms) {
      this.terms = new ArrayList<>(terms);
    }

    /**
     * Sets every setting to the defaults of one TRL version's {@code DPOConfig}, the preset for
     * TRL-exact numbers: that {@code trlVersion}; beta 0.1; label smoothing 0; reverse KL; the
     * alpha-divergence coefficient of that version (TRL 0.24: 1.0, TRL 1.x: 0.5); IPO normalised
     * per token as both versions feed it ({@link IpoNormalisation#PER_TOKEN_MEAN}); a reference
     * model; DiscoPOP tau 0.05; no dynamic beta and no mDPO terms (TRL has neither). EXO's
     * smoothing 0 is then refused under TRL 1.x and becomes 1e-3 under TRL 0.24, as those versions
     * do. The non-finite check is mia's and stays as set. Call it first, then override.
     *
     * @param version the TRL version
     * @return this builder
     */
    public Builder trlDefaults(TrlVersion version) {
      this.trlVersion = requireNonNull(version, "version");
      this.beta = DEFAULT_BETA;
      this.labelSmoothing = 0;
      this.fDivergence = FDivergence.REVERSE_KL;
      this.alphaDivergenceCoefficient = version == TrlVersion.LEGACY_0_24 ? 1.0 : 0.5;
      this.ipoNormalisation = IpoNormalisation.PER_TOKEN_MEAN;
      this.referenceMode = ReferenceMode.MODEL;
      this.discopopTau = DEFAULT_DISCOPOP_TAU;
      this.dynamicBetaWeight = 0;
      this.imageConditionalWeight = 0;
      this.anchorWeight = 0;
      return this;
    }

    /**
     * Sets what compute does with NaN or infinite inputs; default {@link NonFiniteInputs#THROW}.
     *
     * @param nonFiniteInputs the policy
     * @return this builder
     */
    public Builder nonFiniteInputs(NonFiniteInputs nonFiniteInputs) {
      this.nonFiniteInputs = requireNonNull(nonFiniteInputs, "nonFiniteInputs");
      return this;
    }

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
     * Sets the label smoothing epsilon of robust DPO, EXO, AOT and (TRL 0.24 only) cDPO; default 0.
     * Must lie in {@code [0, 1]}; ROBUST needs {@code [0, 0.5)}; EXO_PAIR needs {@code (0, 0.5]} (0
     * is allowed under {@link TrlVersion#LEGACY_0_24}, where it becomes 1e-3 as in TRL 0.24). TRL
     * 1.x's sigmoid ignores it, and so does {@link LossType#SIGMOID} under {@link
     * TrlVersion#CURRENT}.
     *
     * @param labelSmoothing epsilon
     * @return this builder
     */
    public Builder labelSmoothing(double labelSmoothing) {
      this.labelSmoothing = labelSmoothing;
      return this;
    }

    /**
     * Sets the f-divergence; default {@link FDivergence#REVERSE_KL}.
     *
     * @param fDivergence the divergence
     * @return this builder
     */
    public Builder fDivergence(FDivergence fDivergence) {
      this.fDivergence = requireNonNull(fDivergence, "fDivergence");
      return this;
    }

    /**
     * Sets the alpha-divergence coefficient; default 0.5 with {@link TrlVersion#CURRENT} and 1.0
     * with {@link TrlVersion#LEGACY_0_24}, as in those versions.
     *
     * @param alpha the coefficient, {@code > 0}
     * @return this builder
     */
    public Builder alphaDivergenceCoefficient(double alpha) {
      this.alphaDivergenceCoefficient = alpha;
      return this;
    }

    /**
     * Sets which TRL version's formulas to follow where they differ; default {@link
     * TrlVersion#CURRENT}.
     *
     * @param trlVersion the version
     * @return this builder
     */
    public Builder trlVersion(TrlVersion trlVersion) {
      this.trlVersion = requireNonNull(trlVersion, "trlVersion");
      return this;
    }

    /**
     * Sets IPO's length normalisation; default {@link IpoNormalisation#PER_TOKEN_MEAN}.
     *
     * @param ipoNormalisation the normalisation
     * @return this builder
     */
    public Builder ipoNormalisation(IpoNormalisation ipoNormalisation) {
      this.ipoNormalisation = requireNonNull(ipoNormalisation, "ipoNormalisation");
      return this;
    }

    /**
     * Sets whether a reference model is used; default {@link ReferenceMode#MODEL}.
     *
     * @param referenceMode the mode
     * @return this builder
     */
    public Builder referenceMode(ReferenceMode referenceMode) {
      this.referenceMode = requireNonNull(referenceMode, "referenceMode");
      return this;
    }

    /**
     * Sets DiscoPOP's temperature; default 0.05.
     *
     * @param tau the temperature, {@code > 0}
     * @return this builder
     */
    public Builder discopopTau(double tau) {
      this.discopopTau = tau;
      return this;
    }

    /**
     * Sets MM-DPO's dynamic-beta weight {@code w} in {@code beta_i = max(1e-3, beta (1 + w
     * margin_i))}; default 0 (off). When non-zero the inputs need reward margins.
     *
     * @param weight w, finite
     * @return this builder
     */
    public Builder dynamicBetaWeight(double weight) {
      this.dynamicBetaWeight = weight;
      return this;
    }

    /**
     * Sets the weight of mDPO's image-conditional term; default 0 (off; mDPO uses 1).
     *
     * @param weight the weight, finite and {@code >= 0}
     * @return this builder
     */
    public Builder imageConditionalWeight(double weight) {
      this.imageConditionalWeight = weight;
      return this;
    }

    /**
     * Sets the weight of mDPO's anchor term; default 0 (off; mDPO uses 1).
     *
     * @param weight the weight, finite and {@code >= 0}
     * @return this builder
     */
    public Builder anchorWeight(double weight) {
      this.anchorWeight = weight;
      return this;
    }

    /**
     * Validates and builds the loss.
     *
     * @return an immutable loss
     * @throws IllegalArgumentException if a setting is out of range
     */
    public DpoLoss build() {
      positive("beta", beta);
      positive("discopopTau", discopopTau);
      if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
        throw new IllegalArgumentException(
            "labelSmoothing must be in [0, 1], but is: " + labelSmoothing);
      }
      boolean uses = terms.stream().anyMatch(t -> t.type() == LossType.ROBUST);
      if (uses && labelSmoothing >= 0.5) {
        throw new IllegalArgumentException(
            "labelSmoothing must be in [0, 0.5) for ROBUST, but is: " + labelSmoothing);
      }
      boolean exo = terms.stream().anyMatch(t -> t.type() == LossType.EXO_PAIR);
      if (exo && labelSmoothing > 0.5) {
        throw new IllegalArgumentException(
            "labelSmoothing must be in (0, 0.5] for EXO_PAIR, but is: " + labelSmoothing);
      }
      if (exo && labelSmoothing == 0 && trlVersion == TrlVersion.CURRENT) {
        throw new IllegalArgumentException(
            "labelSmoothing must be > 0 for EXO_PAIR (the EXO paper suggests 1e-3), but is: 0.0");
      }
      double alpha = alphaDivergenceCoefficient;
      if (Double.isNaN(alpha)) {
        alpha = trlVersion == TrlVersion.LEGACY_0_24 ? 1.0 : 0.5;
      }
      positive("alphaDivergenceCoefficient", alpha);
      finite("dynamicBetaWeight", dynamicBetaWeight);
      nonNegative("imageConditionalWeight", imageConditionalWeight);
      nonNegative("anchorWeight", anchorWeight);
      return new DpoLoss(this, alpha);
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

    private static void finite(String name, double value) {
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException(name + " must be finite, but is: " + value);
      }
    }
  }
}
