package dev.mia.loss.fused;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The two chunked passes of the fused kernel over the scored rows, on arrays that record no
 * gradient (detached hidden states and weight): every chunk's logits and softmax live in their own
 * {@link NDScope} and are freed before the next chunk starts.
 *
 * <p>The rows are split into {@code k = ceil(N / chunk)} chunks of equal size (up to one row). Pass
 * 1 keeps its last chunk's log-softmax, and pass 2 runs backwards and starts with that chunk, so
 * that chunk's logits are computed once (with one chunk, as for small batches, the kernel does no
 * more projections than the naive path). The kept chunk is freed before pass 2 computes any other
 * chunk, so the peak stays at two {@code [chunk, V]} arrays.
 */
final class ProjectionChunks {
  private final NDArray hidden;
  private final NDArray weight;
  private final NDArray weightT;
  private final @Nullable NDArray bias;
  private final NDArray labels;
  private final long rows;
  private final long size;
  private @Nullable NDArray keptLogSoftmax;

  /**
   * Holds the arrays of the scored rows.
   *
   * @param hidden the scored rows' hidden states {@code [N, H]}, detached, in the compute type, N
   *     at least 1
   * @param weight {@code [V, H]}, detached, in the compute type
   * @param bias {@code [V]}, detached, in the compute type, or null
   * @param labels the scored rows' labels {@code [N]}, int64
   * @param chunk the most rows per chunk, at least 1
   */
  ProjectionChunks(
      NDArray hidden, NDArray weight, @Nullable NDArray bias, NDArray labels, int chunk) {
    this.hidden = hidden;
    this.weight = weight;
    this.weightT = weight.transpose();
    this.bias = bias;
    this.labels = labels;
    this.rows = hidden.getShape().get(0);
    long count = (rows + chunk - 1) / chunk;
    this.size = (rows + count - 1) / count;
  }

  private NDArray logits(NDArray rowsOfHidden) {
    NDArray logits = rowsOfHidden.matMul(weightT);
    return bias == null ? logits : logits.addi(bias);
  }

  /**
   * Pass 1: {@code lp_n = (h_n W^T + b)[y_n] - logsumexp_v (h_n W^T + b)_v} for every row.
   *
   * @return {@code [N]}, in the compute type
   */
  NDArray tokenLogProbs() {
    NDList parts = new NDList();
    try {
      for (long start = 0; start < rows; start += size) {
        long end = Math.min(rows, start + size);
        try (NDScope scope = new NDScope()) {
          scope.suppressNotUsedWarning();
          NDIndex range = new NDIndex("{}:{}", start, end);
          NDArray logits = logits(hidden.get(range));
          NDArray logSoftmax = logits.logSoftmax(1);
          logits.close();
          NDArray part = logSoftmax.gather(labels.get(range).expandDims(1), 1).reshape(end - start);
          NDScope.unregister(part);
          parts.add(part);
          if (end == rows) {
            NDScope.unregister(logSoftmax);
            keptLogSoftmax = logSoftmax;
          }
        }
      }
      // Owned by the caller's scope from here, so that it is freed even if pass 2 never runs.
      NDScope.register(keptLogSoftmax);
      return parts.size() == 1 ? parts.get(0).duplicate() : NDArrays.concat(parts, 0);
    } finally {
      parts.close();
    }
  }

  /** The accumulated gradients of pass 2; the bias's is null when there is no bias. */
  record Gradients(NDArray hidden, NDArray weight, @Nullable NDArray bias) {}

  /**
   * Pass 2: with {@code D_n = g_n (onehot(y_n) - softmax(h_n W^T + b))}, {@code G_h = D W}, {@code
   * G_W = D^T h}, {@code G_b = sum_n D_n}, chunk by chunk, last chunk first, computed with {@code Q
   * = softmax - onehot} as {@code G_h = -g (Q W)}, {@code G_W = Q^T (-g h)}, {@code G_b = -g^T Q}.
   *
   * @param upstream {@code g_n = dL/d lp_n} {@code [N]}, in the compute type
   * @return {@code G_h} {@code [N, H]}, {@code G_W} {@code [V, H]} and {@code G_b} {@code [V]}, in
   *     the compute type
   */
  Gradients gradients(NDArray upstream) {
    NDArray gw = null;
    NDArray gb = null;
    NDList parts = new NDList();
    try {
      long last = ((rows - 1) / size) * size;
      for (long start = last; start >= 0; start -= size) {
        long end = Math.min(rows, start + size);
        long n = end - start;
        try (NDScope scope = new NDScope()) {
          scope.suppressNotUsedWarning();
          NDIndex range = new NDIndex("{}:{}", start, end);
          NDArray h = hidden.get(range);
          NDArray g = upstream.get(range);
          NDArray softmax;
          if (end == rows && keptLogSoftmax != null) {
            softmax = keptLogSoftmax.exp();
            keptLogSoftmax.close();
            keptLogSoftmax = null;
          } else {
            NDArray logits = logits(h);
            softmax = logits.softmax(1);
            // Freed before the products, so that they run next to one [chunk, V] array, not two.
            logits.close();
          }
          // Q = P - onehot(y) in place (an index_put_ of one value per row), then D = -g Q is
          // never formed: G_h = -g (Q W), G_W = Q^T (-g h), G_b = -g^T Q. The row scalings touch
          // [chunk, H] arrays only, so no elementwise pass over [chunk, V] is needed.
          NDArray positions = softmax.getManager().arange(0L, n, 1L, DataType.INT64);
          NDIndex labelled = new NDIndex("{}, {}", positions, labels.get(range));
          softmax.set(labelled, softmax.get(labelled).subi(1));
          NDArray minusG = g.neg().expandDims(1);
          NDArray part = softmax.matMul(weight).muli(minusG);
          NDArray partW = softmax.transpose().matMul(h.mul(minusG));
          NDArray partB = bias == null ? null : minusG.transpose().matMul(softmax).reshape(-1);
          NDScope.unregister(part);
          parts.add(part);
          if (gw == null) {
            NDScope.unregister(partW);
            gw = partW;
            if (partB != null) {
              NDScope.unregister(partB);
              gb = partB;
            }
          } else {
            gw.addi(partW);
            if (gb != null && partB != null) {
              gb.addi(partB);
            }
          }
        }
      }
      // The gradient arrays were created inside chunk scopes: hand them to the caller's scope.
      NDScope.register(gw);
      if (gb != null) {
        NDScope.register(gb);
      }
      List<NDArray> ordered = new ArrayList<>(parts);
      Collections.reverse(ordered);
      NDArray gh =
          ordered.size() == 1
              ? ordered.get(0).duplicate()
              : NDArrays.concat(new NDList(ordered), 0);
      return new Gradients(gh, gw, gb);
    } finally {
      parts.close();
    }
  }
}
