package dev.mia.loss.train;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.mia.core.data.PreferencePair;
import dev.mia.core.model.TokenSequence;
import dev.mia.core.model.TrainableVisionLanguageModel;
import dev.mia.core.tensor.OwnedScalar;
import dev.mia.core.tensor.PerTokenLogProbs;
import dev.mia.loss.DpoLoss;
import dev.mia.loss.DpoOutput;
import dev.mia.loss.PreferenceLogProbs;
import dev.mia.loss.ReferenceMode;
import dev.mia.loss.TokenReduction;
import dev.mia.loss.ddpo.Ddpo;
import dev.mia.loss.fused.FusedPreferenceKernel;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * From preference pairs to an optimiser step: collation ({@link PreferenceCollator}), reference
 * log-probs from the cache ({@link ReferenceLogProbs}), the policy's forward pass with the gradient
 * recorded ({@link PreferenceForward}), any {@link DpoLoss} (every loss type, weighted sums of
 * them, DDPO's token weights, VIG masks, pair weights, an SFT term, mDPO's anchor and
 * image-conditional terms), backward, gradient accumulation and a guarded, scheduled update ({@link
 * GuardedOptimizer}).
 *
 * <pre>{@code
 * PreferenceTrainer trainer = PreferenceTrainer.builder(policy, DpoLoss.builder(LossType.SIGMOID).build())
 *     .reference(ReferenceLogProbs.builder(cache, policy).build())
 *     .schedule(LearningRateSchedule.linear(1e-6f, steps, 0.1))
 *     .listener(m -> log.info("step {} loss {}", m.step(), m.loss()))
 *     .build();
 * for (List<PreferencePair> batch : batches) {
 *   trainer.step(batch, 4);   // 4 micro-batches, one update
 * }
 * }</pre>
 *
 * <h2>Gradient accumulation</h2>
 *
 * <p>{@link #step(List, int)} splits the pairs into {@code k} contiguous micro-batches of sizes as
 * equal as possible ({@code n_i}), scales each micro-batch's loss (a mean over its pairs) by {@code
 * n_i / N} and back-propagates it into the same gradients before one update: the gradient is the
 * one of the whole batch's mean loss, with the memory of one micro-batch. Loss types that compare
 * pairs across the batch (AOT) see one micro-batch at a time.
 *
 * <p>Reference log-probs are looked up before the step's gradient collector opens (DJL allows one
 * per JVM; see {@link Builder#collectors} for trainers on several threads). Not thread-safe; one
 * trainer per policy.
 */
public final class PreferenceTrainer {
  private final DpoLoss loss;
  private final PreferenceCollator collator;
  private final @Nullable ReferenceLogProbs reference;
  private final PreferenceForward forward;
  private final GuardedOptimizer optimizer;
  private final StepListener listener;
  private final @Nullable ExtraLoss extraLoss;
  private final @Nullable UnaryOperator<BufferedImage> corrupt;
  private final @Nullable FusedPreferenceKernel kernel;

  /** A loss added to every step, e.g. SFT replay on the original data. */
  @FunctionalInterface
  public interface ExtraLoss {
    /**
     * Computes a scalar added to the step's loss, inside its gradient collector, once per step
     * (with the last micro-batch) and unscaled.
     *
     * @param step the 0-based step index
     * @param manager the manager of the arrays made
     * @return the scalar, on the autograd graph
     */
    NDArray compute(int step, NDManager manager);
  }

  private PreferenceTrainer(Builder b) {
    this.loss = b.loss;
    PreferenceCollator.Builder defaultCollator =
        PreferenceCollator.builder(b.policy.tokenizer()).maxLength(b.policy.maxSequenceLength());
    if (b.ddpo != null) {
      defaultCollator.ddpo(b.ddpo);
    }
    this.collator = b.collator != null ? b.collator : defaultCollator.build();
    this.reference = b.reference;
    this.forward = PreferenceForward.builder(b.policy).reduction(b.reduction).build();
    this.optimizer =
        GuardedOptimizer.builder(b.policy)
            .optimizer(b.factory)
            .schedule(b.schedule)
            .collectors(b.collectors)
            .build();
    this.listener = b.listener;
    this.extraLoss = b.extraLoss;
    this.corrupt = b.corrupt;
    this.kernel = b.kernel;
  }

  /**
   * Starts a builder.
   *
   * @param policy the model to train
   * @param loss the preference loss
   * @return a builder with the defaults
   */
  public static Builder builder(TrainableVisionLanguageModel policy, DpoLoss loss) {
    return new Builder(requireNonNull(policy, "policy"), requireNonNull(loss, "loss"));
  }

  /**
   * Runs one step over a batch, without accumulation.
   *
   * @param pairs the batch, at least one pair
   * @return what the step measured
   * @throws CollationException if a pair cannot be collated (before anything is computed)
   */
  public StepMetrics step(List<PreferencePair> pairs) {
    return step(pairs, 1);
  }

  /**
   * Runs one step over a batch in {@code microBatches} micro-batches.
   *
   * @param pairs the batch, at least {@code microBatches} pairs
   * @param microBatches the number of micro-batches, at least 1
   * @return what the step measured
   * @throws CollationException if a pair cannot be collated (before anything is computed)
   * @throws IllegalArgumentException if there are fewer pairs than micro-batches
   */
  public StepMetrics step(List<PreferencePair> pairs, int microBatches) {
    return step(collator.collate(pairs), microBatches);
  }

  /**
   * Runs one step over a collated batch in {@code microBatches} micro-batches.
   *
   * @param batch the collated batch
   * @param microBatches the number of micro-batches, at least 1 and at most the batch size
   * @return what the step measured
   * @throws IllegalArgumentException if {@code microBatches} is out of range
   */
  public StepMetrics step(PreferenceBatch batch, int microBatches) {
    requireNonNull(batch, "batch");
    if (microBatches < 1 || microBatches > batch.size()) {
      throw new IllegalArgumentException(
          "microBatches must be in [1, " + batch.size() + "], but is: " + microBatches);
    }
    int n = batch.size();
    List<PreferenceBatch> micro = new ArrayList<>(microBatches);
    for (int i = 0; i < microBatches; i++) {
      micro.add(batch.slice(i * n / microBatches, (i + 1) * n / microBatches));
    }
    ReferenceStats before = reference == null ? ReferenceStats.NONE : reference.stats();
    // looked up before the collector opens; arrays live until the step ends
    try (NDManager references = NDManager.newBaseManager()) {
      List<@Nullable ReferenceScores> scores = new ArrayList<>(microBatches);
      List<List<TokenSequence>> corrupted = new ArrayList<>(microBatches);
      List<@Nullable PerTokenLogProbs> corruptedScores = new ArrayList<>(microBatches);
      for (PreferenceBatch m : micro) {
        scores.add(reference == null ? null : reference.scores(references, m));
        if (corrupt != null) {
          List<TokenSequence> rows = corrupted(m);
          corrupted.add(rows);
          corruptedScores.add(reference == null ? null : reference.scores(references, m, rows));
        }
      }
      double[] sums = new double[6];
      int last = microBatches - 1;
      UpdateResult result =
          optimizer.step(
              microBatches,
              (i, manager, collector) -> {
                PreferenceBatch m = micro.get(i);
                double share = (double) m.size() / n;
                DpoOutput out;
                if (kernel != null) {
                  out =
                      forward
                          .forwardFused(manager, m, scores.get(i), loss::compute, kernel, collector)
                          .dpo();
                } else {
                  PreferenceLogProbs inputs = forward.forward(manager, m, scores.get(i));
                  if (corrupt != null) {
                    inputs =
                        forward.withCorruptedImages(
                            manager, inputs, m, corrupted.get(i), corruptedScores.get(i));
                  }
                  out = loss.compute(inputs);
                }
                sums[0] += share * mean(out.chosenRewards());
                sums[1] += share * mean(out.rejectedRewards());
                sums[2] += share * mean(out.margins());
                sums[3] += share * scalar(out.accuracy());
                sums[4] += share * mean(out.chosenLogProbs());
                sums[5] += share * mean(out.rejectedLogProbs());
                NDArray value =
                    microBatches == 1
                        ? out.loss()
                        : out.loss().mul(OwnedScalar.of(out.loss(), share));
                if (i == last && extraLoss != null) {
                  value = value.add(extraLoss.compute(optimizer.steps() - 1, manager));
                }
                return value;
              });
      ReferenceStats delta =
          reference == null ? ReferenceStats.NONE : reference.stats().since(before);
      StepMetrics metrics =
          new StepMetrics(
              result.step(),
              n,
              result.loss(),
              result.learningRate(),
              sums[0],
              sums[1],
              sums[2],
              sums[3],
              sums[4],
              sums[5],
              result.outcome(),
              delta);
      listener.onStep(metrics);
      return metrics;
    }
  }

  /** Each pair's chosen row with every image passed through {@link Builder#corruptedImages}. */
  private List<TokenSequence> corrupted(PreferenceBatch batch) {
    UnaryOperator<BufferedImage> c = requireNonNull(corrupt);
    List<TokenSequence> rows = new ArrayList<>(batch.size());
    for (CollatedPair p : batch.pairs()) {
      TokenSequence row = p.chosen();
      List<BufferedImage> images = new ArrayList<>(row.images().size());
      for (BufferedImage image : row.images()) {
        images.add(requireNonNull(c.apply(image), "corruptedImages returned null"));
      }
      rows.add(new TokenSequence(images, row.ids(), row.promptLength(), row.imageSpans()));
    }
    return rows;
  }

  /**
   * Computes and caches the reference log-probs of every pair before training, for when the
   * reference is the policy's own starting point (its weights change at the first step, after which
   * a miss could not be computed). Pairs are collated and scored in chunks of 64.
   *
   * @param pairs the training pairs
   * @return the lookups' hits and misses
   * @throws IllegalStateException if the loss is reference-free
   * @throws CollationException if a pair cannot be collated
   */
  public ReferenceStats precomputeReference(List<PreferencePair> pairs) {
    requireNonNull(pairs, "pairs");
    if (reference == null) {
      throw new IllegalStateException("the loss is reference-free: there is nothing to precompute");
    }
    ReferenceStats before = reference.stats();
    for (int i = 0; i < pairs.size(); i += 64) {
      reference.precompute(
          List.of(collator.collate(pairs.subList(i, Math.min(pairs.size(), i + 64)))));
    }
    return reference.stats().since(before);
  }

  private static double mean(NDArray array) {
    try (NDArray m = array.mean()) {
      return scalar(m);
    }
  }

  private static double scalar(NDArray array) {
    try (NDArray d = array.toType(ai.djl.ndarray.types.DataType.FLOAT64, false)) {
      return d.getDouble();
    }
  }

  /**
   * Returns the collator the trainer uses for lists of pairs.
   *
   * @return the collator
   */
  public PreferenceCollator collator() {
    return collator;
  }

  /**
   * Returns the reference lookup, if the loss uses a reference.
   *
   * @return the lookup, or null for a reference-free loss
   */
  public @Nullable ReferenceLogProbs reference() {
    return reference;
  }

  /**
   * Returns the number of steps that made no lasting update (non-finite loss or weights).
   *
   * @return the skipped steps so far
   */
  public int skippedSteps() {
    return optimizer.skippedSteps();
  }

  /**
   * Returns the number of steps run.
   *
   * @return the steps so far
   */
  public int steps() {
    return optimizer.steps();
  }

  @Override
  public String toString() {
    return "PreferenceTrainer[loss="
        + loss
        + ", collator="
        + collator
        + ", reference="
        + reference
        + ", forward="
        + forward
        + ", optimizer="
        + optimizer
        + "]";
  }

  /** Builds a {@link PreferenceTrainer}. */
  public static final class Builder {
    private final TrainableVisionLanguageModel policy;
    private final DpoLoss loss;
    private @Nullable PreferenceCollator collator;
    private @Nullable ReferenceLogProbs reference;
    private @Nullable Ddpo ddpo;
    private TokenReduction reduction = TokenReduction.SUM;
    private OptimizerFactory factory = OptimizerFactory.adam(1f);
    private LearningRateSchedule schedule = LearningRateSchedule.constant(1e-4f);
    private GradientCollectorFactory collectors = GradientCollectorFactory.ENGINE;
    private StepListener listener = StepListener.NONE;
    private @Nullable ExtraLoss extraLoss;
    private @Nullable UnaryOperator<BufferedImage> corrupt;
    private @Nullable FusedPreferenceKernel kernel;

    private Builder(TrainableVisionLanguageModel policy, DpoLoss loss) {
      this.policy = policy;
      this.loss = loss;
    }

    /**
     * Sets the collator. Default: the policy's tokenizer, its maximum sequence length, {@link
     * Truncation#REFUSE}, no image root (in-memory images only), DDPO's weights if {@link #ddpo} is
     * set.
     *
     * @param collator the collator
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder collator(PreferenceCollator collator) {
      this.collator = requireNonNull(collator, "collator");
      return this;
    }

    /**
     * Sets where reference log-probs come from. Required unless the loss is reference-free ({@link
     * ReferenceMode#NONE}).
     *
     * @param reference the cached reference
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder reference(ReferenceLogProbs reference) {
      this.reference = requireNonNull(reference, "reference");
      return this;
    }

    /**
     * Trains with DDPO's dense rewards: pairs without token weights get DDPO's from the token diff
     * (in the default collator), and the reduction follows DDPO's normalisation. Default: none.
     *
     * @param ddpo the DDPO settings, e.g. {@link Ddpo#PAPER}
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder ddpo(Ddpo ddpo) {
      this.ddpo = requireNonNull(ddpo, "ddpo");
      this.reduction = ddpo.reduction();
      return this;
    }

    /**
     * Sets how token log-probs and weights become sequence log-probs. Default: {@link
     * TokenReduction#SUM}, or DDPO's if {@link #ddpo} was set.
     *
     * @param reduction the reduction
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder reduction(TokenReduction reduction) {
      this.reduction = requireNonNull(reduction, "reduction");
      return this;
    }

    /**
     * Sets the optimiser. Default: Adam with gradients clipped at 1.
     *
     * @param factory makes the optimiser for a learning-rate tracker
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder optimizer(OptimizerFactory factory) {
      this.factory = requireNonNull(factory, "factory");
      return this;
    }

    /**
     * Sets where each step's gradient collector comes from, as {@link
     * GuardedOptimizer.Builder#collectors}. Default: {@link GradientCollectorFactory#ENGINE}, one
     * open collector per JVM; a per-thread factory lets trainers of different policies step on
     * different threads at once.
     *
     * @param collectors opens a collector per step
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder collectors(GradientCollectorFactory collectors) {
      this.collectors = requireNonNull(collectors, "collectors");
      return this;
    }

    /**
     * Sets the learning-rate schedule. Default: a constant 0.0001.
     *
     * @param schedule the schedule
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder schedule(LearningRateSchedule schedule) {
      this.schedule = requireNonNull(schedule, "schedule");
      return this;
    }

    /**
     * Sets who hears about each step. Default: nobody.
     *
     * @param listener the listener
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder listener(StepListener listener) {
      this.listener = requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Adds a loss to every step, e.g. SFT replay. Default: none.
     *
     * @param extraLoss the extra loss
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder extraLoss(ExtraLoss extraLoss) {
      this.extraLoss = requireNonNull(extraLoss, "extraLoss");
      return this;
    }

    /**
     * Scores each pair's chosen answer a second time with corrupted images, for mDPO's
     * image-conditional term ({@link DpoLoss#imageConditionalWeight()}; Wang et al., arXiv
     * 2406.11839: {@code -log sigmoid(beta log(pi(y_w|m,x)/pi_ref(y_w|m,x)) - beta
     * log(pi(y_w|m',x)/pi_ref(y_w|m',x)))}). The function must be deterministic (seed it per
     * image), since the reference's scores of the corrupted images are cached by their pixels.
     * Default: none; required when the loss has an image-conditional weight.
     *
     * @param corrupt makes the corrupted image m' from an image m, e.g. mDPO's random crop
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder corruptedImages(UnaryOperator<BufferedImage> corrupt) {
      this.corrupt = requireNonNull(corrupt, "corrupt");
      return this;
    }

    /**
     * Scores the policy through the fused output-projection kernel: the model returns its final
     * hidden states and output projection ({@code TrainingOutput.HIDDEN_STATES}) and the kernel
     * never materialises the {@code [2B, T, V]} logits, in the forward or the backward pass, with
     * the same loss and gradients (to float rounding). Default: none (the model's log-probs).
     *
     * @param kernel the kernel, e.g. {@link FusedPreferenceKernel#DEFAULT}
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder fused(FusedPreferenceKernel kernel) {
      this.kernel = requireNonNull(kernel, "kernel");
      return this;
    }

    /**
     * Builds the trainer.
     *
     * @return the trainer
     * @throws IllegalStateException if the loss needs a reference and none was set, has an
     *     image-conditional term and no corrupted images, or corrupted images are combined with the
     *     fused kernel
     */
    public PreferenceTrainer build() {
      if (kernel != null && corrupt != null) {
        throw new IllegalStateException(
            "the fused kernel does not score corrupted images yet: use the model's log-probs"
                + " (no fused(...)) with corruptedImages(...)");
      }
      if (loss.imageConditionalWeight() != 0 && corrupt == null) {
        throw new IllegalStateException(
            "the loss has mDPO's image-conditional term (weight "
                + loss.imageConditionalWeight()
                + ") but no corrupted images were set; call corruptedImages(...)");
      }
      if (reference == null && loss.referenceMode() != ReferenceMode.NONE) {
        throw new IllegalStateException(
            "the loss uses reference log-probs (referenceMode "
                + loss.referenceMode()
                + ") but no reference was set; call reference(...) or use ReferenceMode.NONE");
      }
      return new PreferenceTrainer(this);
    }
  }
}
