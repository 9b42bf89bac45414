package dev.mia.examples.tiny;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;

/**
 * The guard both training loops share, so that one bad batch cannot poison every weight through
 * Adam: a step whose loss is NaN or infinite makes no update, and an update that leaves any weight
 * NaN or infinite is undone from a copy of the weights taken before it; either way the gradients
 * are cleared and the step counts as skipped.
 *
 * <p>The check reads the weights, never the gradients on a good step: reading every gradient
 * through DJL after each backward pass made runs irreproducible (two identical SFT runs in one JVM
 * diverged after a few steps), reading the weights does not.
 */
final class FiniteGradients implements AutoCloseable {
  private final TinyLvlm lvlm;
  private final List<NDArray> saved = new ArrayList<>();

  private FiniteGradients(TinyLvlm lvlm) {
    this.lvlm = lvlm;
    for (var p : lvlm.network().getParameters()) {
      saved.add(p.getValue().getArray().duplicate());
    }
  }

  /** Copies the weights before an update. */
  static FiniteGradients before(TinyLvlm lvlm) {
    return new FiniteGradients(lvlm);
  }

  /**
   * Keeps the update if every weight is finite; otherwise restores the copy and clears the
   * gradients.
   *
   * @return whether the update was kept
   */
  boolean keepIfFinite() {
    if (weightsFinite(lvlm)) {
      return true;
    }
    int i = 0;
    for (var p : lvlm.network().getParameters()) {
      p.getValue().getArray().set(new NDIndex("..."), saved.get(i++));
    }
    clear(lvlm);
    return false;
  }

  @Override
  public void close() {
    saved.forEach(NDArray::close);
  }

  /** Returns whether every weight is finite. */
  static boolean weightsFinite(TinyLvlm lvlm) {
    for (var p : lvlm.network().getParameters()) {
      try (NDArray sum = p.getValue().getArray().abs().sum();
          NDArray wide = sum.toType(DataType.FLOAT64, false)) {
        if (!Double.isFinite(wide.getDouble())) {
          return false;
        }
      }
    }
    return true;
  }

  /** Sets every gradient to 0 in place (zeroGradients subtracts, which keeps NaN). */
  static void clear(TinyLvlm lvlm) {
    for (var p : lvlm.network().getParameters()) {
      if (p.getValue().requiresGradient()) {
        p.getValue().getArray().getGradient().set(new NDIndex("..."), 0f);
      }
    }
  }
}
