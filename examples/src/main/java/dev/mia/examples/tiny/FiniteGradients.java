package dev.mia.examples.tiny;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;

/**
 * The guard both training loops share: a step whose loss or any gradient is NaN or infinite is
 * skipped, its gradients cleared, so one bad batch cannot poison every weight through Adam.
 */
final class FiniteGradients {
  private FiniteGradients() {}

  /** Returns whether every trainable parameter's gradient is finite. */
  static boolean allFinite(TinyLvlm lvlm) {
    for (var p : lvlm.network().getParameters()) {
      if (!p.getValue().requiresGradient()) {
        continue;
      }
      NDArray gradient = p.getValue().getArray().getGradient();
      if (!Double.isFinite(gradient.abs().sum().toType(DataType.FLOAT64, false).getDouble())) {
        return false;
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
