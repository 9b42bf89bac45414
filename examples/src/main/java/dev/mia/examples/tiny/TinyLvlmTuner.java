package dev.mia.examples.tiny;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.tracker.Tracker;
import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.mia.core.model.ImageMask;
import dev.mia.core.model.ScoreRequest;
import dev.mia.core.tensor.PerTokenLogProbs;
import java.util.ArrayList;
import java.util.List;

/**
 * Fine-tunes a {@link TinyLvlm} with any loss built from teacher-forced per-token log-probabilities
 * of answers: the hook that preference losses (DPO and its relatives) and masked SFT losses need,
 * since {@link TinyLvlm#score} computes without gradients.
 *
 * <p>{@link #answerLogProbs} gives, for each (prompt, answer) row, {@code log p(a_t | prompt,
 * a_<t)} for the answer's tokens followed by the end-of-sequence token (so a preference for an
 * answer also prefers stopping after it), right-padded to the longest row with a 0/1 mask. Called
 * inside {@link #step}, the result carries the autograd graph to the model's parameters; called
 * outside, it is a plain forward pass (the reference model's log-probs before training, for
 * example).
 *
 * <p>Optimiser: Adam with gradients clipped at {@code clipGradient} and a fixed learning rate, or,
 * with {@link Builder#linearSchedule}, the linear warm-up and decay of MIA-DPO's released script
 * (Hugging Face's {@code linear} schedule: for 0-based step {@code s} of {@code S} with {@code W}
 * warm-up steps, {@code lr * s / W} while {@code s < W}, then {@code lr * (S - s) / (S - W)}). A
 * step whose loss is NaN or infinite makes no update, and an update that leaves a weight NaN or
 * infinite is undone; both are counted in {@link #skippedSteps()}: DPO runs of the pipeline
 * occasionally produced a non-finite gradient after tens of finite steps, which poisoned every
 * weight.
 *
 * <p>Only one DJL gradient collector may be open per JVM: do not run two tuners or trainers at
 * once. Not thread-safe; close it to free the optimiser state.
 */
public final class TinyLvlmTuner implements AutoCloseable {
  private final TinyLvlm lvlm;
  private Trainer trainer;
  private final float learningRate;
  private final float clipGradient;
  private final int scheduleSteps;
  private final int warmupSteps;
  private boolean inStep;
  private int skippedSteps;
  private int updates;

  private TinyLvlmTuner(Builder builder) {
    this.lvlm = builder.lvlm;
    this.learningRate = builder.learningRate;
    this.clipGradient = builder.clipGradient;
    this.scheduleSteps = builder.scheduleSteps;
    this.warmupSteps = builder.warmupSteps;
    this.trainer = newTrainer(0);
    // parameters read from a file (TinyLvlm.load) do not track gradients until told to
    lvlm.network()
        .getParameters()
        .forEach(
            p -> {
              if (p.getValue().requiresGradient()) {
                p.getValue().getArray().setRequiresGradient(true);
              }
            });
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
   * @throws IllegalArgumentException if the batch is empty, an answer has no token or a row does
   *     not fit the model
   */
  public PerTokenLogProbs answerLogProbs(NDManager manager, List<ScoreRequest> batch) {
    requireNonNull(manager, "manager");
    if (batch.isEmpty()) {
      throw new IllegalArgumentException("batch must not be empty");
    }
    WordTokenizer tokenizer = lvlm.wordTokenizer();
    int eos = tokenizer.id(WordTokenizer.EOS);
    List<EncodedPrompt> prompts = new ArrayList<>();
    List<List<Integer>> sequences = new ArrayList<>();
    int longest = 0;
    for (ScoreRequest request : batch) {
      EncodedPrompt prompt = lvlm.encode(request.prompt());
      List<Integer> answer = tokenizer.encode(request.answer());
      if (answer.isEmpty()) {
        throw new IllegalArgumentException(
            "answer must have at least one token, but is: " + request.answer());
      }
      List<Integer> full = new ArrayList<>(prompt.ids());
      full.addAll(answer);
      full.add(eos);
      lvlm.checkLength(full.size());
      prompts.add(prompt);
      sequences.add(full);
      longest = Math.max(longest, full.size());
    }
    NDList inputs =
        BatchInputs.build(
            manager, prompts, sequences, longest, ImageMask.NONE, lvlm.config(), tokenizer.size());
    NDArray logits = inStep ? trainer.forward(inputs).get(0) : lvlm.forward(inputs).get(0);
    return AnswerTokens.of(manager, prompts, sequences).logProbs(logits);
  }

  /**
   * Runs one optimiser step: opens a gradient collector, computes the loss, back-propagates it and
   * updates the weights.
   *
   * @param loss computes the loss with {@link #answerLogProbs}
   * @return the loss value
   * @throws IllegalStateException if called from inside a step
   */
  public double step(StepLoss loss) {
    requireNonNull(loss, "loss");
    if (inStep) {
      throw new IllegalStateException("step must not be called from inside a step");
    }
    inStep = true;
    double value;
    boolean finite;
    try {
      try (NDScope scope = new NDScope()) {
        scope.suppressNotUsedWarning();
        try (GradientCollector collector = trainer.newGradientCollector()) {
          NDArray result = loss.compute(trainer.getManager());
          if (result.size() != 1) {
            throw new IllegalArgumentException(
                "the loss must be a scalar, but has shape: " + result.getShape());
          }
          collector.backward(result);
          value = result.toType(DataType.FLOAT64, false).getDouble();
          finite = Double.isFinite(value);
          if (!finite) {
            FiniteGradients.clear(lvlm);
          }
        }
      }
      if (!finite) {
        skippedSteps++;
        return value;
      }
      // outside the scope: the optimiser creates its state arrays at the first update
      try (FiniteGradients guard = FiniteGradients.before(lvlm)) {
        trainer.step();
        if (!guard.keepIfFinite()) {
          // Adam's moments took the non-finite gradient too: a fresh optimiser continues
          skippedSteps++;
          trainer.close();
          trainer = newTrainer(updates);
        }
      }
      updates++;
      return value;
    } finally {
      inStep = false;
      lvlm.weightsChanged();
    }
  }

  /** A trainer whose Adam continues the learning-rate schedule after {@code offset} updates. */
  private Trainer newTrainer(int offset) {
    Tracker tracker = scheduleSteps == 0 ? Tracker.fixed(learningRate) : this::scheduled;
    return AnswerTokens.adamTrainer(lvlm, tracker, offset, clipGradient);
  }

  /**
   * Returns how many steps were skipped because the loss or a gradient was NaN or infinite.
   *
   * @return the skipped steps so far
   */
  public int skippedSteps() {
    return skippedSteps;
  }

  @Override
  public void close() {
    trainer.close();
  }

  /**
   * Returns the scheduled learning rate of an update.
   *
   * @param update DJL's 1-based update count of a parameter
   * @return the rate
   */
  float scheduled(int update) {
    int step = update - 1;
    if (step >= scheduleSteps) {
      return 0f;
    }
    if (step < warmupSteps) {
      return learningRate * step / warmupSteps;
    }
    return learningRate * Math.max(0, scheduleSteps - step) / (scheduleSteps - warmupSteps);
  }

  @Override
  public String toString() {
    return "TinyLvlmTuner[learningRate="
        + learningRate
        + ", clipGradient="
        + clipGradient
        + (scheduleSteps == 0
            ? ""
            : ", linearSchedule=" + scheduleSteps + " steps, " + warmupSteps + " warm-up")
        + "]";
  }

  /** Builds a {@link TinyLvlmTuner}. */
  public static final class Builder {
    private final TinyLvlm lvlm;
    private float learningRate = 1e-4f;
    private float clipGradient = 1f;
    private int scheduleSteps;
    private int warmupSteps;

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
     * Makes the learning rate rise linearly over the first {@code round(warmupShare * steps)} steps
     * and fall linearly to 0 at step {@code steps}, as MIA-DPO's script does (warm-up share 0.1).
     * Default: no schedule, a fixed rate.
     *
     * @param steps the steps of the run, at least 1
     * @param warmupShare the warm-up share of the steps, in [0, 1)
     * @return this builder
     * @throws IllegalArgumentException if an argument is out of range
     */
    @CanIgnoreReturnValue
    public Builder linearSchedule(int steps, double warmupShare) {
      if (steps < 1) {
        throw new IllegalArgumentException("steps must be >= 1, but is: " + steps);
      }
      if (!(warmupShare >= 0 && warmupShare < 1)) {
        throw new IllegalArgumentException("warmupShare must be in [0, 1), but is: " + warmupShare);
      }
      this.scheduleSteps = steps;
      this.warmupSteps = (int) Math.round(warmupShare * steps);
      return this;
    }

    /**
     * Builds the tuner.
     *
     * @return the tuner; close it
     * @throws IllegalArgumentException if a setting is out of range
     */
    public TinyLvlmTuner build() {
      if (!(learningRate > 0) || Float.isInfinite(learningRate)) {
        throw new IllegalArgumentException(
            "learningRate must be finite and > 0, but is: " + learningRate);
      }
      if (!(clipGradient > 0) || Float.isInfinite(clipGradient)) {
        throw new IllegalArgumentException(
            "clipGradient must be finite and > 0, but is: " + clipGradient);
      }
      return new TinyLvlmTuner(this);
    }
  }
}
