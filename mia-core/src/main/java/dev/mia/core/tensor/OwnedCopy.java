package dev.mia.core.tensor;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Arrays made from Java data in memory that PyTorch owns, for indices and masks that a recorded
 * operation saves for the backward pass ({@code gather}'s index, an embedding's ids, a mask that
 * multiplies) while the array itself is closed before the backward pass runs.
 *
 * <h2>Why</h2>
 *
 * <p>DJL 0.34's PyTorch {@code NDManager.create(long[], Shape)} (and every {@code create} from Java
 * data) wraps a Java direct buffer with {@code torch::from_blob}, which does not own the memory;
 * the Java array object holds the buffer. Autograd keeps a reference to the tensor, not to the
 * buffer: once the array is closed (by an {@code NDScope} or a sub-manager that ends before the
 * caller's backward pass) and its buffer is garbage-collected, the backward pass reads freed
 * memory, as {@link OwnedScalar} explains for constants. Seen in a test run: {@code gather}
 * backward failing with "index 140583091079728 is out of bounds for dimension 1 with size 37". A
 * copy made here is an ordinary PyTorch tensor that the graph keeps alive for as long as it needs
 * it.
 */
public final class OwnedCopy {
  private OwnedCopy() {}

  /**
   * Returns {@code data} as an int64 array of {@code shape} on {@code manager}, in memory that
   * PyTorch owns.
   *
   * @param manager the manager the copy is attached to
   * @param data the values, row-major
   * @param shape the shape; its size must equal {@code data.length}
   * @return the copy
   * @throws IllegalArgumentException if the shape's size is not {@code data.length}
   */
  public static NDArray of(NDManager manager, long[] data, Shape shape) {
    requireNonNull(manager, "manager");
    checkSize(requireNonNull(data, "data").length, shape);
    return owned(manager.create(data, shape));
  }

  /**
   * Returns {@code data} as a float32 array of {@code shape} on {@code manager}, in memory that
   * PyTorch owns.
   *
   * @param manager the manager the copy is attached to
   * @param data the values, row-major
   * @param shape the shape; its size must equal {@code data.length}
   * @return the copy
   * @throws IllegalArgumentException if the shape's size is not {@code data.length}
   */
  public static NDArray of(NDManager manager, float[] data, Shape shape) {
    requireNonNull(manager, "manager");
    checkSize(requireNonNull(data, "data").length, shape);
    return owned(manager.create(data, shape));
  }

  /** A copy of {@code blob} in memory PyTorch owns; {@code blob} is closed. */
  private static NDArray owned(NDArray blob) {
    try (blob) {
      return blob.duplicate();
    }
  }

  private static void checkSize(int length, Shape shape) {
    requireNonNull(shape, "shape");
    if (shape.size() != length) {
      throw new IllegalArgumentException(
          "shape " + shape + " holds " + shape.size() + " values, but data has " + length);
    }
  }
}
