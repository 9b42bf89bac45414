package dev.mia.core.tensor;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * A scalar array that owns its memory, for arithmetic with a constant on arrays that record
 * gradients: {@code x.mul(OwnedScalar.of(x, beta))} instead of {@code x.mul(beta)}.
 *
 * <h2>Why</h2>
 *
 * <p>DJL 0.34's PyTorch {@code NDArray.mul(Number)} (and {@code div}, {@code pow}, {@code maximum},
 * {@code minimum} with a number) creates the number as an array over a Java direct buffer ({@code
 * torch::from_blob}, which does not own the memory), applies the operation, and closes that array
 * at once. Autograd saves the scalar for the backward pass ({@code d(x * c)/dx = c}); once the
 * closed array's buffer is garbage-collected, the backward pass reads freed memory. Measured: 151
 * of 200 backward passes of {@code x.mul(0.5f)} gave a wrong gradient ({@code 13348.953}, {@code
 * -8.1e37}, ...) when the collector was made to run between the forward and the backward pass;
 * without that pressure the error is rare and depends on the garbage collector's timing, which is
 * what made identical training runs diverge and produced sporadic NaN gradients from finite losses.
 * This scalar is a copy in memory that PyTorch owns, so autograd keeps it alive for as long as it
 * needs it, whatever happens to the Java object.
 *
 * <p>{@code add} and {@code sub} with a number are safe (their backward pass needs no operand); so
 * is arithmetic on arrays that record no gradient.
 */
public final class OwnedScalar {
  private OwnedScalar() {}

  /**
   * Returns {@code value} as a 0-d array of {@code like}'s type, on its manager and device, in
   * memory that PyTorch owns.
   *
   * @param like the array the scalar will be combined with
   * @param value the value; rounded to {@code like}'s type as DJL's number arithmetic would round
   *     it
   * @return the scalar, attached to {@code like}'s manager
   */
  public static NDArray of(NDArray like, double value) {
    requireNonNull(like, "like");
    DataType type = like.getDataType();
    try (NDArray blob = like.getManager().create(value)) {
      // a conversion copies into owned memory; a float64 blob is cloned
      return type == DataType.FLOAT64 ? blob.duplicate() : blob.toType(type, false);
    }
  }
}
