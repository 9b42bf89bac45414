package dev.mia.loss.fused;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import org.jspecify.annotations.Nullable;

/**
 * The two chunked passes of the fused kernel over the scored rows, on arrays that record no
 * gradient (detached hidden states and weight): every chunk's logits and softmax live in their own
 * {@link NDScope} and are freed before the next chunk starts.
 */
final class ProjectionChunks {
  private final NDArray hidden;
  private final NDArray weight;
  private final NDArray weightT;
  private final @Nullable NDArray bias;
  private final NDArray labels;
  private final long rows;
  private final int chunk;

  /**
   * Holds the arrays of the scored rows.
   *
   * @param hidden the scored rows' hidden states {@code [N, H]}, detached, in the compute type
   * @param weight {@code [V, H]}, detached, in the compute type
   * @param bias {@code [V]}, detached, in the compute type, or null
   * @param labels the scored rows' labels {@code [N]}, int64
   * @param chunk rows per chunk, at least 1
   */
  ProjectionChunks(
      NDArray hidden, NDArray weight, @Nullable NDArray bias, NDArray labels, int chunk) {
    this.hidden = hidden;
    this.weight = weight;
    this.weightT = weight.transpose();
    this.bias = bias;
    this.labels = labels;
    this.rows = hidden.getShape().get(0);
    this.chunk = chunk;
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
      for (long start = 0; start < rows; start += chunk) {
        long end = Math.min(rows, start + chunk);
        try (NDScope scope = new NDScope()) {
          scope.suppressNotUsedWarning();
          NDIndex range = new NDIndex("{}:{}", start, end);
          NDArray logSoftmax = logits(hidden.get(range)).logSoftmax(1);
          NDArray part = logSoftmax.gather(labels.get(range).expandDims(1), 1).reshape(end - start);
          NDScope.unregister(part);
          parts.add(part);
        }
      }
      return parts.size() == 1 ? parts.get(0).duplicate() : NDArrays.concat(parts, 0);
    } finally {
      parts.close();
    }
  }

  /** The accumulated gradients of pass 2; the bias's is null when there is no bias. */
  record Gradients(NDArray hidden, NDArray weight, @Nullable NDArray bias) {}

  /**
   * Pass 2: with {@code D_n = g_n (onehot(y_n) - softmax(h_n W^T + b))}, {@code G_h = D W}, {@code
   * G_W = D^T h}, {@code G_b = sum_n D_n}, chunk by chunk.
   *
   * @param upstream {@code g_n = dL/d lp_n} {@code [N]}, in the compute type
   * @return {@code G_h} {@code [N, H]}, {@code G_W} {@code [V, H]} and {@code G_b} {@code [V]}, in
   *     the compute type
   */
  Gradients gradients(NDArray upstream) {
    NDArray gw = weight.zerosLike();
    NDArray gb = bias == null ? null : bias.zerosLike();
    NDList parts = new NDList();
    try {
      for (long start = 0; start < rows; start += chunk) {
        long end = Math.min(rows, start + chunk);
        try (NDScope scope = new NDScope()) {
          scope.suppressNotUsedWarning();
          NDIndex range = new NDIndex("{}:{}", start, end);
          NDArray h = hidden.get(range);
          NDArray g = upstream.get(range).expandDims(1);
          NDArray y = labels.get(range).expandDims(1);
          // D = -g p in place, then D[n, y_n] += g_n in place (an index_put_ of one value per
          // row): no one-hot and no second [chunk, V] array.
          NDArray d = logits(h).softmax(1).muli(g.neg());
          NDArray positions = d.getManager().arange(0L, end - start, 1L, DataType.INT64);
          NDIndex labelled = new NDIndex("{}, {}", positions, y.reshape(end - start));
          d.set(labelled, d.get(labelled).addi(g.reshape(end - start)));
          NDArray part = d.matMul(weight);
          NDScope.unregister(part);
          parts.add(part);
          gw.addi(d.transpose().matMul(h));
          if (gb != null) {
            gb.addi(d.sum(new int[] {0}));
          }
        }
      }
      NDArray gh = parts.size() == 1 ? parts.get(0).duplicate() : NDArrays.concat(parts, 0);
      return new Gradients(gh, gw, gb);
    } finally {
      parts.close();
    }
  }
}
