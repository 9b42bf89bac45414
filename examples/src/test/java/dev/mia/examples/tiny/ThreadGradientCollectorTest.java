package dev.mia.examples.tiny;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

@ResourceLock("djl-gradient-collector")
class ThreadGradientCollectorTest {

  @Test
  void backward_gives_the_gradient_of_the_summed_target() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.create(new float[] {1, 2, 3});
      x.setRequiresGradient(true);
      try (ThreadGradientCollector c = new ThreadGradientCollector()) {
        c.backward(x.square());
      }
      assertThat(x.getGradient().toFloatArray()).containsExactly(2, 4, 6);
    }
  }

  @Test
  void collectors_nest_and_closing_restores_the_grad_mode_the_thread_had() {
    assertThat(JniUtils.isGradMode()).isFalse();
    try (ThreadGradientCollector outer = new ThreadGradientCollector()) {
      try (ThreadGradientCollector inner = new ThreadGradientCollector()) {
        assertThat(inner).isNotSameAs(outer);
        assertThat(JniUtils.isGradMode()).isTrue();
      }
      assertThat(JniUtils.isGradMode()).isTrue();
    }
    assertThat(JniUtils.isGradMode()).isFalse();
  }

  @Test
  void grad_mode_is_per_thread_and_new_threads_start_with_it_on_unless_wrapped() throws Exception {
    ThreadGradientCollector c = new ThreadGradientCollector();
    try {
      boolean[] elsewhere = new boolean[2];
      Thread fresh = new Thread(() -> elsewhere[0] = JniUtils.isGradMode());
      Thread wrapped =
          new Thread(
              ThreadGradientCollector.withoutGradMode(() -> elsewhere[1] = JniUtils.isGradMode()));
      fresh.start();
      wrapped.start();
      fresh.join();
      wrapped.join();

      // PyTorch starts every new thread with the grad mode on, whatever this thread's is
      assertThat(elsewhere).containsExactly(true, false);
      assertThat(JniUtils.isGradMode()).isTrue();
    } finally {
      c.close();
    }
  }

  @Test
  void closing_on_another_thread_and_zeroing_every_gradient_are_refused() throws Exception {
    Thread.currentThread().setName("opener");
    ThreadGradientCollector c = new ThreadGradientCollector();
    try {
      Throwable other =
          CompletableFuture.runAsync(
                  () -> {
                    Thread.currentThread().setName("closer");
                    c.close();
                  })
              .handle((v, e) -> e.getCause())
              .get();

      assertThat(other)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage(
              "a ThreadGradientCollector must be closed on the thread that opened it (opener),"
                  + " but is closed on: closer");
      assertThatThrownBy(c::zeroGradients)
          .isInstanceOf(UnsupportedOperationException.class)
          .hasMessage(
              "zeroGradients would clear the gradients of every thread; clear the trained"
                  + " parameters' own gradients (WeightGuard.clearGradients)");
    } finally {
      c.close();
    }
  }
}
