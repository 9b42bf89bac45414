package dev.mia.loss.train;

/** Hears about every {@link PreferenceTrainer} step, for progress bars and logs. */
@FunctionalInterface
public interface StepListener {
  /** Hears nothing. */
  StepListener NONE = metrics -> {};

  /**
   * Called after each step, updated or not.
   *
   * @param metrics what the step measured
   */
  void onStep(StepMetrics metrics);
}
