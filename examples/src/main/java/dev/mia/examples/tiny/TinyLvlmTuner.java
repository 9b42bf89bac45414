package dev.mia.examples.tiny;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.mia.core.model.ScoreRequest;
import dev.mia.core.model.TokenScores;
import dev.mia.core.model.TokenSequence;
import dev.mia.core.model.TrainingOutput;
import dev.mia.core.tensor.PerTokenLogProbs;
import dev.mia.loss.train.GuardedOptimizer;
import dev.mia.loss.train.LearningRateSchedule;
import dev.mia.loss.train.OptimizerFactory;
import dev.mia.loss.train.PreferenceCollator;
import java.util.ArrayList;
import java.util.List;

/**
 * Fine-tunes a {@link TinyLvlm} with any loss built from teacher-forced per-token log-probs of
 * single answers (VIG-masked SFT, SFT replay), on the library's training path: rows collated by
 * {@link PreferenceCollator#sequence}, scored by {@link TinyLvlm#scoreTokens}, updated by a {@link
 * GuardedOptimizer} (Adam, gradients clipped, a fixed rate or MIA-DPO's linear schedule, the
 * non-finite guard). Preference losses go through {@link dev.mia.loss.train.PreferenceTrainer}.
 *
 * <p>{@link #answerLogProbs} gives, for each (prompt, answer) row, {@code log p(a_t | prompt,
 * a_<t)} for the answer's tokens followed by {@code <eos>}, right-padded with a 0/1 mask. Inside
 * {@link #step} it carries the autograd graph; outside it is a plain forward pass.
 *
 * <p>Only one DJL gradient collector may be open per JVM: do not run two tuners or trainers at
 * once. Not thread-safe.
 */
public final class TinyLvlmTuner implements AutoCloseable {
  private final TinyLvlm lvlm;
  private final GuardedOptimizer optimizer;
  private final LearningRateSchedule schedule;
  private final float clipGradient;

  private TinyLvlmTuner(Builder builder) {
    this.lvlm = builder.lvlm;
    this.schedule =
        builder.scheduleSteps == 0
            ? LearningRateSchedule.constant(builder.learningRate)
            : LearningRateSchedule.linear(
                builder.learningRate, builder.scheduleSteps, builder.warmupShare);
    this.clipGradient = builder.clipGradient;
    this.optimizer =
        GuardedOptimizer.builder(lvlm)
            .optimizer(OptimizerFactory.adam(builder.clipGradient))
            .schedule(schedule)
            .collectors(ThreadGradientCollector.FACTORY)
            .build();
  }

  /**
   * Starts a builder.
   *
   * @param lvlm the model to tune; its weights change at each step
   * @return a builder with the defaults
   */
  public static Builder builder(TinyLvlm lvlm) {
    return new Builder(requireNonNull(lvlm, "lvlm"));
  }

  /** A loss computed from the tuner's log-probabilities inside one step. */
  @FunctionalInterface
  public interface StepLoss {
    /**
     * Computes the scalar loss of a step.
     *
     * @param manager the manager for the step's arrays; every array created during the step is
     *     freed after it
     * @return the scalar loss, with its graph
     */
    NDArray compute(NDManager manager);
  }

  /**
   * Computes the per-token log-probabilities of answers followed by {@code <eos>}.
   *
   * @param manager the manager of the result
   * @param batch the rows, at least one
   * @return values and mask {@code [B, T]}, T the longest answer plus one
   * @throws IllegalArgumentException if the batch is empty
   * @throws dev.mia.loss.train.CollationException if an answer has no token or a row does not fit
   *     the model
   */
  public PerTokenLogProbs answerLogProbs(NDManager manager, List<ScoreRequest> batch) {
    return answerLogProbs(lvlm, manager, batch);
  }

  /**
   * Computes a model's per-token log-probabilities of answers followed by {@code <eos>}, through
   * the training path's collation and {@link TinyLvlm#scoreTokens}.
   *
   * @param lvlm the model
   * @param manager the manager of the result
   * @param batch the rows, at least one
   * @return values and mask {@code [B, T]}, T the longest answer plus one
   * @throws IllegalArgumentException if the batch is empty
   * @throws dev.mia.loss.train.CollationException if an answer has no token or a row does not fit
   *     the model
   */
  public static PerTokenLogProbs answerLogProbs(
      TinyLvlm lvlm, NDManager manager, List<ScoreRequest> batch) {
    requireNonNull(manager, "manager");
    if (batch.isEmpty()) {
      throw new IllegalArgumentException("batch must not be empty");
    }
    PreferenceCollator collator =
        PreferenceCollator.builder(lvlm.tokenizer()).maxLength(lvlm.maxSequenceLength()).build();
    List<TokenSequence> rows = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      ScoreRequest request = batch.get(i);
      rows.add(collator.sequence("row " + i, request.prompt(), request.answer()));
    }
    TokenScores scores = lvlm.scoreTokens(manager, rows, TrainingOutput.LOG_PROBS);
    return new PerTokenLogProbs(scores.optionalLogProbs().orElseThrow(), scores.mask());
  }

  /**
   * Runs one guarded optimiser step: opens a gradient collector, computes the loss, back-propagates
   * it and updates the weights.
   *
   * @param loss computes the loss with {@link #answerLogProbs}
   * @return the loss value
   */
  public double step(StepLoss loss) {
    requireNonNull(loss, "loss");
    return optimizer.step((i, manager, collector) -> loss.compute(manager)).loss();
  }

  /**
   * Returns how many steps were skipped because the loss or a weight was NaN or infinite.
   *
   * @return the skipped steps so far
   */
  public int skippedSteps() {
    return optimizer.skippedSteps();
  }

  /**
   * Returns the learning-rate schedule.
   *
   * @return the schedule
   */
  public LearningRateSchedule schedule() {
    return schedule;
  }

  @Override
  public void close() {
    // the optimiser's state lives in the model's manager
  }

  @Override
  public String toString() {
    return "TinyLvlmTuner[schedule=" + schedule + ", clipGradient=" + clipGradient + "]";
  }

  /** Builds a {@link TinyLvlmTuner}. */
  public static final class Builder {
    private final TinyLvlm lvlm;
    private float learningRate = 1e-4f;
    private float clipGradient = 1f;
    private int scheduleSteps;
    private double warmupShare;

    private Builder(TinyLvlm lvlm) {
      this.lvlm = lvlm;
    }

    /**
     * Sets Adam's learning rate. Default: 0.0001.
     *
     * @param learningRate the rate, finite and greater than 0
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder learningRate(float learningRate) {
      this.learningRate = learningRate;
      return this;
    }

    /**
     * Sets the gradient clipping bound. Default: 1.
     *
     * @param clipGradient the bound, finite and greater than 0
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder clipGradient(float clipGradient) {
      this.clipGradient = clipGradient;
      return this;
    }

    /**
     * Uses {@link LearningRateSchedule#linear} over {@code steps} steps, as MIA-DPO's script does
     * (warm-up share 0.1). Default: no schedule, a fixed rate.
     *
     * @param steps the steps of the run, at least 1
     * @param warmupShare the warm-up share of the steps, in [0, 1)
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder linearSchedule(int steps, double warmupShare) {
      this.scheduleSteps = steps;
      this.warmupShare = warmupShare;
      return this;
    }

    /**
     * Builds the tuner.
     *
     * @return the tuner; close it
     * @throws IllegalArgumentException if a setting is out of range
     */
    public TinyLvlmTuner build() {
      return new TinyLvlmTuner(this);
    }
  }
}
