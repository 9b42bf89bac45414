package dev.mia.loss.train;

/**
 * The learning rate of each optimiser update, as the schedules trainers know from Hugging Face's
 * {@code transformers.get_scheduler} (which TRL, LLaVA's and MIA-DPO's scripts use). Steps are
 * 0-based update counts; {@code W} is the number of warm-up steps and {@code S} the run's steps.
 */
public sealed interface LearningRateSchedule
    permits LearningRateSchedule.Constant,
        LearningRateSchedule.Linear,
        LearningRateSchedule.Cosine {

  /**
   * Returns the learning rate of an update.
   *
   * @param step the 0-based update index
   * @return the rate
   */
  float rate(int step);

  /**
   * Returns the peak learning rate.
   *
   * @return the rate after warm-up
   */
  float peak();

  /**
   * A fixed rate.
   *
   * @param rate the rate, finite and greater than 0
   * @return the schedule
   */
  static LearningRateSchedule constant(float rate) {
    return new Constant(rate);
  }

  /**
   * Hugging Face's {@code linear}: {@code peak * s / W} while {@code s < W}, then {@code peak * (S
   * - s) / (S - W)}, and 0 from step {@code S} on. MIA-DPO trains with it (warm-up share 0.1).
   *
   * @param peak the rate after warm-up
   * @param steps the run's steps {@code S}, at least 1
   * @param warmupShare the warm-up share of the steps, in [0, 1); {@code W = round(share * S)}
   * @return the schedule
   */
  static LearningRateSchedule linear(float peak, int steps, double warmupShare) {
    return new Linear(peak, steps, warmupSteps(steps, warmupShare));
  }

  /**
   * Hugging Face's {@code cosine} with one half cycle: {@code peak * s / W} while {@code s < W},
   * then {@code peak * 0.5 * (1 + cos(pi * (s - W) / (S - W)))}, and 0 from step {@code S} on.
   *
   * @param peak the rate after warm-up
   * @param steps the run's steps {@code S}, at least 1
   * @param warmupShare the warm-up share of the steps, in [0, 1); {@code W = round(share * S)}
   * @return the schedule
   */
  static LearningRateSchedule cosine(float peak, int steps, double warmupShare) {
    return new Cosine(peak, steps, warmupSteps(steps, warmupShare));
  }

  private static int warmupSteps(int steps, double warmupShare) {
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be >= 1, but is: " + steps);
    }
    if (!(warmupShare >= 0 && warmupShare < 1)) {
      throw new IllegalArgumentException("warmupShare must be in [0, 1), but is: " + warmupShare);
    }
    return (int) Math.round(warmupShare * steps);
  }

  private static void checkPeak(float peak) {
    if (!(peak > 0) || Float.isInfinite(peak)) {
      throw new IllegalArgumentException("learning rate must be finite and > 0, but is: " + peak);
    }
  }

  /**
   * A fixed rate.
   *
   * @param peak the rate
   */
  record Constant(float peak) implements LearningRateSchedule {
    /**
     * Validates the rate.
     *
     * @param peak the rate, finite and greater than 0
     */
    public Constant {
      checkPeak(peak);
    }

    @Override
    public float rate(int step) {
      return peak;
    }
  }

  /**
   * Linear warm-up, then linear decay to 0.
   *
   * @param peak the rate after warm-up
   * @param steps the run's steps
   * @param warmupSteps the warm-up steps, less than {@code steps}
   */
  record Linear(float peak, int steps, int warmupSteps) implements LearningRateSchedule {
    /**
     * Validates the schedule.
     *
     * @param peak the rate after warm-up
     * @param steps the run's steps
     * @param warmupSteps the warm-up steps, less than {@code steps}
     */
    public Linear {
      checkPeak(peak);
      checkSteps(steps, warmupSteps);
    }

    @Override
    public float rate(int step) {
      return warmedUp(peak, steps, warmupSteps, step, progress -> (float) (1 - progress));
    }
  }

  /**
   * Linear warm-up, then a half cosine to 0.
   *
   * @param peak the rate after warm-up
   * @param steps the run's steps
   * @param warmupSteps the warm-up steps, less than {@code steps}
   */
  record Cosine(float peak, int steps, int warmupSteps) implements LearningRateSchedule {
    /**
     * Validates the schedule.
     *
     * @param peak the rate after warm-up
     * @param steps the run's steps
     * @param warmupSteps the warm-up steps, less than {@code steps}
     */
    public Cosine {
      checkPeak(peak);
      checkSteps(steps, warmupSteps);
    }

    @Override
    public float rate(int step) {
      return warmedUp(
          peak,
          steps,
          warmupSteps,
          step,
          progress -> (float) (0.5 * (1 + Math.cos(Math.PI * progress))));
    }
  }

  /**
   * {@code peak * s / W} during warm-up, then {@code peak * decay(progress)} with {@code progress =
   * (s - W) / (S - W)}, 0 from step {@code S} on.
   */
  private static float warmedUp(
      float peak,
      int steps,
      int warmupSteps,
      int step,
      java.util.function.DoubleFunction<Float> decay) {
    if (step >= steps) {
      return 0f;
    }
    if (step < warmupSteps) {
      return peak * step / warmupSteps;
    }
    return peak * decay.apply((double) (step - warmupSteps) / (steps - warmupSteps));
  }

  private static void checkSteps(int steps, int warmupSteps) {
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be >= 1, but is: " + steps);
    }
    if (warmupSteps < 0 || warmupSteps >= steps) {
      throw new IllegalArgumentException(
          "warmupSteps must be in [0, " + steps + "), but is: " + warmupSteps);
    }
  }
}
