package dev.mia.loss.train;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.mia.core.model.TrainableVisionLanguageModel;

/**
 * One guarded optimiser step over any scalar loss of a {@link TrainableVisionLanguageModel}: opens
 * a gradient collector, back-propagates each micro-batch's loss into the same gradients (gradient
 * accumulation), and updates the parameters with a DJL {@link Optimizer} whose learning rate
 * follows a {@link LearningRateSchedule}.
 *
 * <p>The guard: a step whose loss is NaN or infinite makes no update (gradients cleared); an update
 * that leaves any weight NaN or infinite is undone by a {@link WeightGuard} and the optimiser is
 * replaced by a fresh one from the {@link OptimizerFactory} (Adam's moments took the bad gradient;
 * without the replacement one SFT run of the examples skipped 743 of 1200 steps), with the schedule
 * continued where it was. Both count in {@link #skippedSteps()}.
 *
 * <p>The update is DJL's {@code Trainer.step()} for one device: {@code optimizer.update(id, weight,
 * gradient)} for every parameter that requires a gradient, the PyTorch engine zeroing the gradient
 * as it updates. Each step opens its collector from a {@link GradientCollectorFactory} (default:
 * {@link GradientCollectorFactory#ENGINE}, DJL's, of which one may be open per JVM: do not call
 * {@link #step} while another is open, unless the factory's collectors are per thread). Not
 * thread-safe.
 */
public final class GuardedOptimizer {
  private final TrainableVisionLanguageModel model;
  private final PairList<String, Parameter> parameters;
  private final OptimizerFactory factory;
  private final LearningRateSchedule schedule;
  private final GradientCollectorFactory collectors;
  private Optimizer optimizer;
  private int steps;
  private int updates;
  private int skippedSteps;
  private boolean inStep;

  /** A micro-batch's loss, computed inside the step's gradient collector. */
  @FunctionalInterface
  public interface MicroLoss {
    /**
     * Computes one micro-batch's scalar loss, already scaled by its share of the step.
     *
     * @param index the 0-based micro-batch
     * @param manager the manager for the micro-batch's arrays, closed after its backward pass
     * @param collector the step's open gradient collector, for kernels that back-propagate a part
     *     of the loss themselves (the fused output-projection kernel); do not close it
     * @return the scalar loss, on the autograd graph
     */
    NDArray compute(int index, NDManager manager, GradientCollector collector);
  }

  private GuardedOptimizer(Builder b) {
    this.model = b.model;
    this.parameters = b.model.trainableParameters();
    this.factory = b.factory;
    this.schedule = b.schedule;
    this.collectors = b.collectors;
    this.optimizer = newOptimizer(0);
  }

  /**
   * Starts a builder.
   *
   * @param model the model whose trainable parameters are updated
   * @return a builder with the defaults
   */
  public static Builder builder(TrainableVisionLanguageModel model) {
    return new Builder(requireNonNull(model, "model"));
  }

  /**
   * Runs one step over a single loss.
   *
   * @param loss computes the scalar loss
   * @return what the step did
   */
  public UpdateResult step(MicroLoss loss) {
    return step(1, loss);
  }

  /**
   * Runs one step over {@code microBatches} losses, back-propagated one after the other into the
   * same gradients, then one update.
   *
   * @param microBatches the number of micro-batches, at least 1
   * @param loss computes each micro-batch's scaled loss
   * @return what the step did; its loss is the sum of the micro-batches'
   * @throws IllegalArgumentException if {@code microBatches < 1} or a loss is not a scalar
   * @throws IllegalStateException if called from inside a step
   */
  public UpdateResult step(int microBatches, MicroLoss loss) {
    requireNonNull(loss, "loss");
    if (microBatches < 1) {
      throw new IllegalArgumentException("microBatches must be >= 1, but is: " + microBatches);
    }
    if (inStep) {
      throw new IllegalStateException("step must not be called from inside a step");
    }
    inStep = true;
    try {
      return guardedStep(microBatches, loss);
    } finally {
      inStep = false;
    }
  }

  private UpdateResult guardedStep(int microBatches, MicroLoss loss) {
    int step = steps++;
    float rate = schedule.rate(updates);
    double total = 0;
    try (GradientCollector collector = collectors.open()) {
      for (int i = 0; i < microBatches; i++) {
        try (NDManager manager = NDManager.newBaseManager()) {
          NDArray value = loss.compute(i, manager, collector);
          if (value.size() != 1) {
            throw new IllegalArgumentException(
                "the loss must be a scalar, but has shape: " + value.getShape());
          }
          collector.backward(value);
          total += value.toType(DataType.FLOAT64, false).getDouble();
        }
      }
    } catch (RuntimeException e) {
      WeightGuard.clearGradients(parameters);
      throw e;
    }
    if (!Double.isFinite(total)) {
      WeightGuard.clearGradients(parameters);
      skippedSteps++;
      return new UpdateResult(step, total, rate, StepOutcome.SKIPPED_NON_FINITE_LOSS);
    }
    StepOutcome outcome = StepOutcome.UPDATED;
    try (WeightGuard guard = WeightGuard.before(parameters)) {
      for (Pair<String, Parameter> p : parameters) {
        Parameter parameter = p.getValue();
        if (parameter.requiresGradient()) {
          NDArray weight = parameter.getArray();
          // getGradient gives a new handle in the weight's manager: closed, or it lives as long
          // as the model
          try (NDArray handle = weight.getGradient();
              NDArray gradient = handle.duplicate()) {
            optimizer.update(parameter.getId(), weight, gradient);
          }
        }
      }
      if (!guard.keepIfFinite()) {
        skippedSteps++;
        outcome = StepOutcome.UNDONE_NON_FINITE_WEIGHTS;
        optimizer = newOptimizer(updates + 1);
      }
    } finally {
      updates++;
      model.weightsChanged();
    }
    return new UpdateResult(step, total, rate, outcome);
  }

  /**
   * An optimiser whose DJL update {@code n} (1-based) gets the schedule's rate of {@code n - 1 +
   * offset}.
   */
  private Optimizer newOptimizer(int offset) {
    return factory.create(update -> schedule.rate(update - 1 + offset));
  }

  /**
   * Returns the number of steps run.
   *
   * @return the steps so far, skipped ones included
   */
  public int steps() {
    return steps;
  }

  /**
   * Returns the number of steps that made no lasting update.
   *
   * @return skipped and undone steps so far
   */
  public int skippedSteps() {
    return skippedSteps;
  }

  /**
   * Returns the schedule.
   *
   * @return the learning-rate schedule
   */
  public LearningRateSchedule schedule() {
    return schedule;
  }

  @Override
  public String toString() {
    return "GuardedOptimizer[schedule=" + schedule + ", parameters=" + parameters.size() + "]";
  }

  /** Builds a {@link GuardedOptimizer}. */
  public static final class Builder {
    private final TrainableVisionLanguageModel model;
    private OptimizerFactory factory = OptimizerFactory.adam(1f);
    private LearningRateSchedule schedule = LearningRateSchedule.constant(1e-4f);
    private GradientCollectorFactory collectors = GradientCollectorFactory.ENGINE;

    private Builder(TrainableVisionLanguageModel model) {
      this.model = model;
    }

    /**
     * Sets the optimiser. Default: {@link OptimizerFactory#adam} with gradients clipped at 1.
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
     * Sets where each step's gradient collector comes from. Default: {@link
     * GradientCollectorFactory#ENGINE}.
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
     * Builds the optimiser.
     *
     * @return the guarded optimiser
     */
    public GuardedOptimizer build() {
      return new GuardedOptimizer(this);
    }
  }
}
