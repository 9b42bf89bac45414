package dev.mia.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.mia.core.ModelContractException;

/** Shape checks of the arrays a model returns; failures are contract violations. */
final class ShapeChecks {
  private ShapeChecks() {}

  static void requireRank(String name, NDArray array, int rank) {
    Shape shape = array.getShape();
    if (shape.dimension() != rank) {
      throw new ModelContractException(
          name + " must have rank " + rank + ", but has shape " + shape);
    }
  }

  static void requireDim(String name, NDArray array, int axis, long expected, String meaning) {
    long actual = array.getShape().get(axis);
    if (actual != expected) {
      throw new ModelContractException(
          name
              + " must have "
              + meaning
              + " = "
              + expected
              + " on axis "
              + axis
              + ", but has shape "
              + array.getShape());
    }
  }
}
