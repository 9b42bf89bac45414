package dev.mia.examples.spark;

import static java.util.Objects.requireNonNull;

import dev.mia.core.model.TrainableVisionLanguageModel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The models of one JVM (an executor, or the driver under {@code local[n]}), loaded lazily and kept
 * for the JVM's life: a task borrows one, uses it alone (mia's models are not thread-safe) and
 * gives it back when it completes; the next task reuses it. The JVM thus loads as many models as it
 * runs tasks at once: one per executor with {@code spark.executor.cores} equal to {@code
 * spark.task.cpus}, the setting for a large model on one accelerator. A shutdown hook closes them
 * all when the executor exits; {@link #closeIdle()} closes the idle ones earlier.
 */
final class ModelPool {
  private static final Map<ModelSpec, Deque<TrainableVisionLanguageModel>> IDLE = new HashMap<>();
  private static final List<TrainableVisionLanguageModel> ALL = new ArrayList<>();
  private static int loads;
  private static boolean hooked;

  private ModelPool() {}

  /**
   * A borrowed model; closing the lease gives it back (once).
   *
   * @param spec what was asked for
   * @param model the model
   */
  record Lease(ModelSpec spec, TrainableVisionLanguageModel model) implements AutoCloseable {
    @Override
    public void close() {
      giveBack(this);
    }
  }

  /** Borrows an idle model of the spec, loading one if there is none. */
  static Lease borrow(ModelSpec spec) {
    requireNonNull(spec, "spec");
    synchronized (ModelPool.class) {
      if (!hooked) {
        Runtime.getRuntime().addShutdownHook(new Thread(ModelPool::closeAll, "mia-model-pool"));
        hooked = true;
      }
      Deque<TrainableVisionLanguageModel> idle = IDLE.get(spec);
      if (idle != null && !idle.isEmpty()) {
        return new Lease(spec, idle.pop());
      }
    }
    TrainableVisionLanguageModel model = spec.load(); // outside the lock: loading may take minutes
    synchronized (ModelPool.class) {
      ALL.add(model);
      loads++;
    }
    return new Lease(spec, model);
  }

  private static synchronized void giveBack(Lease lease) {
    Deque<TrainableVisionLanguageModel> idle =
        IDLE.computeIfAbsent(lease.spec(), s -> new ArrayDeque<>());
    if (ALL.contains(lease.model()) && !idle.contains(lease.model())) {
      idle.push(lease.model());
    }
  }

  /** How many models this JVM has loaded so far. */
  static synchronized int loads() {
    return loads;
  }

  /** Closes the models no task holds; those in use are closed when they come back no more. */
  static synchronized void closeIdle() {
    for (Deque<TrainableVisionLanguageModel> idle : IDLE.values()) {
      while (!idle.isEmpty()) {
        TrainableVisionLanguageModel model = idle.pop();
        ALL.remove(model);
        model.close();
      }
    }
  }

  private static synchronized void closeAll() {
    for (TrainableVisionLanguageModel model : ALL) {
      model.close();
    }
    ALL.clear();
    IDLE.clear();
  }
}
