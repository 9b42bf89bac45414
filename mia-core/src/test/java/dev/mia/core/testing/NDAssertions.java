package dev.mia.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** AssertJ-style numeric assertions for NDArrays, shared by the modules' tests (numpy allclose). */
public final class NDAssertions {
  private NDAssertions() {}

  /**
   * Reads any array as doubles.
   *
   * @param array the array
   * @return its values, row-major
   */
  public static double[] doubles(NDArray array) {
    try (NDArray d = array.toType(DataType.FLOAT64, true)) {
      return d.toDoubleArray();
    }
  }

  /**
   * Asserts the shapes are equal and every element satisfies {@code |a - e| <= atol + rtol * |e|}
   * (equal infinities and NaN at the same place count as close).
   *
   * @param actual the computed array
   * @param expected the reference array
   * @param rtol relative tolerance
   * @param atol absolute tolerance
   */
  public static void assertAllClose(NDArray actual, NDArray expected, double rtol, double atol) {
    assertThat(actual.getShape()).as("shape").isEqualTo(expected.getShape());
    assertAllClose(doubles(actual), doubles(expected), rtol, atol);
  }

  /**
   * Asserts the array's values are close to the expected doubles (row-major).
   *
   * @param actual the computed array
   * @param expected the reference values
   * @param rtol relative tolerance
   * @param atol absolute tolerance
   */
  public static void assertAllClose(NDArray actual, double[] expected, double rtol, double atol) {
    assertAllClose(doubles(actual), expected, rtol, atol);
  }

  /**
   * Asserts two double arrays are element-wise close.
   *
   * @param actual the computed values
   * @param expected the reference values
   * @param rtol relative tolerance
   * @param atol absolute tolerance
   */
  public static void assertAllClose(double[] actual, double[] expected, double rtol, double atol) {
    assertThat(actual.length).as("number of elements").isEqualTo(expected.length);
    for (int i = 0; i < actual.length; i++) {
      double a = actual[i];
      double e = expected[i];
      if (Double.isNaN(e) && Double.isNaN(a) || a == e) {
        continue;
      }
      if (!(Math.abs(a - e) <= atol + rtol * Math.abs(e))) {
        fail(
            "element %d: expected %s but was %s (diff %s, atol %s, rtol %s)",
            i, e, a, Math.abs(a - e), atol, rtol);
      }
    }
  }
}
