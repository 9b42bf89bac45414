package dev.mia.loss.train;

import ai.djl.engine.Engine;
import ai.djl.training.GradientCollector;

/**
 * Opens the gradient collector of one {@link GuardedOptimizer} step. A factory because each step
 * opens (and closes) its own collector.
 *
 * <p>DJL's PyTorch collector ({@link #ENGINE}) refuses to open while another is open anywhere in
 * the JVM (a static flag), although the grad mode it switches on is PyTorch's per-thread one. So
 * two models cannot train at the same time on two threads with it. An engine-specific factory whose
 * collector sets only the calling thread's grad mode lifts that limit (the examples have one for
 * PyTorch, {@code dev.mia.examples.tiny.ThreadGradientCollector}); the trainers then must not share
 * parameters across threads.
 */
@FunctionalInterface
public interface GradientCollectorFactory {
  /** The default engine's collector, {@code Engine.getInstance().newGradientCollector()}. */
  GradientCollectorFactory ENGINE = () -> Engine.getInstance().newGradientCollector();

  /**
   * Opens a collector: operations on arrays that require a gradient are recorded until it closes.
   *
   * @return the open collector, closed by the caller
   */
  GradientCollector open();
}
