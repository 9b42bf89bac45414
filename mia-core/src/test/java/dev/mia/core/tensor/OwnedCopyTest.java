package dev.mia.core.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

@ResourceLock("djl-gradient-collector")
class OwnedCopyTest {

  @Test
  void a_gather_index_closed_before_backward_still_routes_the_gradient() {
    for (int pass = 0; pass < 100; pass++) {
      try (NDManager m = NDManager.newBaseManager()) {
        NDArray x = m.arange(8f).reshape(2, 4);
        x.setRequiresGradient(true);
        try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
          NDArray y;
          try (NDManager scope = m.newSubManager()) {
            NDArray index = OwnedCopy.of(scope, new long[] {3, 0, 1, 1}, new Shape(2, 2));
            NDArray mask = OwnedCopy.of(scope, new float[] {1, 2, 3, 4}, new Shape(2, 2));
            y = x.gather(index, 1).mul(mask).sum();
            y.attach(m);
          }
          BufferChurn.churn(32, Long.MAX_VALUE / 3);
          c.backward(y);
        }
        assertThat(x.getGradient().toFloatArray())
            .as("pass " + pass)
            .containsExactly(2, 0, 0, 1, 0, 7, 0, 0);
      }
    }
  }

  @Test
  void copies_have_the_values_shape_type_and_manager_asked_for() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray ids = OwnedCopy.of(m, new long[] {5, -1, 7}, new Shape(3, 1));
      NDArray mask = OwnedCopy.of(m, new float[] {0.5f, 1}, new Shape(1, 2));

      assertThat(ids.toLongArray()).containsExactly(5, -1, 7);
      assertThat(ids.getShape()).isEqualTo(new Shape(3, 1));
      assertThat(ids.getDataType()).isEqualTo(DataType.INT64);
      assertThat(ids.getManager()).isSameAs(m);
      assertThat(mask.toFloatArray()).containsExactly(0.5f, 1);
      assertThat(mask.getDataType()).isEqualTo(DataType.FLOAT32);
      // the temporary over the Java buffer is closed: only the copies remain
      assertThat(m.getManagedArrays()).containsExactlyInAnyOrder(ids, mask);
    }
  }

  @Test
  void rejects_a_shape_that_does_not_hold_the_data() {
    try (NDManager m = NDManager.newBaseManager()) {
      assertThatThrownBy(() -> OwnedCopy.of(m, new long[] {1, 2, 3}, new Shape(2, 2)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("shape (2, 2) holds 4 values, but data has 3");
    }
  }
}
