package dev.mia.core.model.torchscript;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.mia.core.model.ImagePreprocessor;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/** The module's pixel inputs, and the zero padding of per-row results. */
final class Pixels {
  private Pixels() {}

  /**
   * Preprocesses every image of a batch, in row order and within a row in sequence order.
   *
   * @throws IllegalStateException if the preprocessor breaks its own contract
   */
  static List<NDArray> of(
      ImagePreprocessor images, NDManager scope, List<List<BufferedImage>> perRow) {
    List<NDArray> out = new ArrayList<>();
    for (List<BufferedImage> row : perRow) {
      for (BufferedImage image : row) {
        NDArray p = images.preprocess(scope, image);
        if (p.getDataType() != DataType.FLOAT32
            || !p.getShape().equals(new Shape(3, images.height(), images.width()))) {
          throw new IllegalStateException(
              "the image preprocessor must return float32 [3, "
                  + images.height()
                  + ", "
                  + images.width()
                  + "], but returned "
                  + p.getDataType()
                  + " "
                  + p.getShape());
        }
        out.add(p);
      }
    }
    return out;
  }

  /** Pads {@code array} with zeros along {@code axis} up to {@code length}. */
  static NDArray padRows(NDArray array, int length, int axis) {
    long have = array.getShape().get(axis);
    if (have == length) {
      return array;
    }
    long[] dims = array.getShape().getShape().clone();
    dims[axis] = length - have;
    NDArray zeros = array.getManager().zeros(new Shape(dims), array.getDataType());
    return NDArrays.concat(new NDList(array, zeros), axis);
  }
}
