package dev.mia.benchmarks.tensor;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The shared input of the token log-prob measurements: float32 logits {@code [B, T, V]} drawn from
 * a standard normal, int64 labels in {@code [0, V)} and a float32 mask that leaves out the first
 * quarter of every row (a prompt) or, with a prompt share of 0, leaves out nothing, all from a
 * fixed seed.
 *
 * @param logits {@code [B, T, V]} float32
 * @param labels {@code [B, T]} int64
 * @param mask {@code [B, T]} float32, 0 or 1
 */
record LogitsInput(NDArray logits, NDArray labels, NDArray mask) {
  /** The seed of DJL's random generator for the inputs. */
  static final int SEED = 42;

  /**
   * Creates the input on a manager.
   *
   * @param manager the manager that owns the arrays
   * @param batch B
   * @param tokens T
   * @param vocabulary V
   * @return the input
   */
  static LogitsInput create(NDManager manager, int batch, int tokens, int vocabulary) {
    return create(manager, batch, tokens, vocabulary, 0.25);
  }

  /**
   * Creates the input on a manager with a given prompt share.
   *
   * @param manager the manager that owns the arrays
   * @param batch B
   * @param tokens T
   * @param vocabulary V
   * @param promptShare the share of every row's first positions that the mask leaves out
   * @return the input
   */
  static LogitsInput create(
      NDManager manager, int batch, int tokens, int vocabulary, double promptShare) {
    Engine.getInstance().setRandomSeed(SEED);
    NDArray logits = manager.randomNormal(new Shape(batch, tokens, vocabulary));
    NDArray labels;
    try (NDArray uniform = manager.randomUniform(0, vocabulary, new Shape(batch, tokens))) {
      labels = uniform.toType(DataType.INT64, false);
    }
    NDArray mask = manager.ones(new Shape(batch, tokens));
    int prompt = (int) (tokens * promptShare);
    if (prompt > 0) {
      mask.set(new NDIndex(":, :{}", prompt), 0f);
    }
    return new LogitsInput(logits, labels, mask);
  }
}
