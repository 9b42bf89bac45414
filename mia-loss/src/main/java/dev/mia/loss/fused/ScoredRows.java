package dev.mia.loss.fused;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * The scored positions of a {@code [2B, T]} batch, read to the host once: their flat indices {@code
 * r * T + t} in row-major order and their labels, checked to lie in {@code [0, V)}.
 */
record ScoredRows(long[] index, long[] labels) {

  int count() {
    return index.length;
  }

  static ScoredRows of(NDArray mask, NDArray labels, long vocabulary) {
    boolean[] scored;
    try (NDArray nonZero = mask.neq(0)) {
      scored = nonZero.toBooleanArray();
    }
    long[] all;
    if (labels.getDataType() == DataType.INT64) {
      all = labels.toLongArray();
    } else {
      try (NDArray wide = labels.toType(DataType.INT64, false)) {
        all = wide.toLongArray();
      }
    }
    int count = 0;
    for (boolean s : scored) {
      if (s) {
        count++;
      }
    }
    long[] index = new long[count];
    long[] picked = new long[count];
    long steps = labels.getShape().get(1);
    int k = 0;
    for (int i = 0; i < scored.length; i++) {
      if (scored[i]) {
        long label = all[i];
        if (label < 0 || label >= vocabulary) {
          throw new IllegalArgumentException(
              "labels must lie in [0, "
                  + vocabulary
                  + ") where the mask is non-zero, but labels["
                  + i / steps
                  + ", "
                  + i % steps
                  + "] is: "
                  + label);
        }
        index[k] = i;
        picked[k] = label;
        k++;
      }
    }
    return new ScoredRows(index, picked);
  }
}
