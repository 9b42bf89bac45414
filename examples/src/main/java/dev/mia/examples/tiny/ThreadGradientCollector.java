package dev.mia.examples.tiny;

import static java.util.Objects.requireNonNull;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import dev.mia.loss.train.GradientCollectorFactory;

/**
 * A PyTorch gradient collector for the calling thread only, so that models train on several threads
 * at once (the end-to-end pipeline trains its seeds in parallel).
 *
 * <p>DJL 0.34's {@code PtGradientCollector} sets PyTorch's grad mode, which is per thread, but also
 * a static flag that makes a second collector anywhere in the JVM throw. This one does what that
 * one does without the flag: it switches the thread's grad mode on, back-propagates {@code
 * backward(target)} with a gradient of ones (keeping no graph) and, on close, restores the grad
 * mode it found, so collectors nest on a thread. A collector must be closed on the thread that
 * opened it. Two threads must not train the same parameters (their gradients would mix).
 *
 * <p>PyTorch's grad mode starts switched on in every new thread; DJL switches it off only on the
 * thread that loads the engine. A thread that runs models should start with {@link
 * #withoutGradMode}, or its inference passes record autograd graphs nobody uses.
 */
public final class ThreadGradientCollector implements GradientCollector {
  /** Opens a {@code ThreadGradientCollector} for each step. */
  public static final GradientCollectorFactory FACTORY = ThreadGradientCollector::new;

  private final boolean previousGradMode;
  private final Thread owner;
  private boolean closed;

  /**
   * Wraps {@code task} so that it runs with the grad mode off, as on the thread that loaded the
   * engine: for the threads of a pool that runs models.
   *
   * @param task the work of a new thread
   * @return the task, preceded by switching its thread's grad mode off
   */
  public static Runnable withoutGradMode(Runnable task) {
    requireNonNull(task, "task");
    return () -> {
      Engine.getInstance();
      JniUtils.setGradMode(false);
      task.run();
    };
  }

  /** Switches on the calling thread's grad mode until {@link #close}. */
  public ThreadGradientCollector() {
    this.previousGradMode = JniUtils.isGradMode();
    this.owner = Thread.currentThread();
    JniUtils.setGradMode(true);
  }

  /**
   * Back-propagates {@code target} into the gradients of the arrays it was computed from: {@code d
   * target / d x} summed over target's elements (a gradient of ones), the graph freed after.
   *
   * @param target a PyTorch array recorded while this collector was open
   */
  @Override
  public void backward(NDArray target) {
    try (NDArray ones = target.onesLike()) {
      JniUtils.backward((PtNDArray) target, (PtNDArray) ones, false, false);
    }
  }

  /**
   * Not supported: DJL's version zeroes the gradient of every array of the JVM, those of models
   * training on other threads included. Clear the trained parameters' own gradients instead ({@code
   * WeightGuard.clearGradients}).
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public void zeroGradients() {
    throw new UnsupportedOperationException(
        "zeroGradients would clear the gradients of every thread; clear the trained parameters'"
            + " own gradients (WeightGuard.clearGradients)");
  }

  /**
   * Restores the grad mode the thread had when this collector opened.
   *
   * @throws IllegalStateException if called from another thread than the one that opened it
   */
  @Override
  public void close() {
    if (Thread.currentThread() != owner) {
      throw new IllegalStateException(
          "a ThreadGradientCollector must be closed on the thread that opened it ("
              + owner.getName()
              + "), but is closed on: "
              + Thread.currentThread().getName());
    }
    if (!closed) {
      closed = true;
      JniUtils.setGradMode(previousGradMode);
    }
  }
}
