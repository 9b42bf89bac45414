package dev.mia.examples.tiny;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.mia.core.tensor.OwnedScalar;
import org.jspecify.annotations.Nullable;

/**
 * A pre-norm causal transformer layer: {@code x + Attn(LN(x))}, then {@code x + MLP(LN(x))}, with
 * hand-written multi-head attention {@code softmax(q k^T / sqrt(d) + mask) v} that also returns its
 * probabilities. Inputs: {@code x [B, S, D]} and the additive mask {@code [B, 1, S, S]}; outputs:
 * {@code x [B, S, D]} and the attention {@code [B, H, S, S]}.
 */
final class DecoderLayer extends AbstractBlock {
  private final int dim;
  private final int heads;
  private final LayerNorm norm1;
  private final Linear qkv;
  private final Linear out;
  private final LayerNorm norm2;
  private final Linear up;
  private final Linear down;

  DecoderLayer(int dim, int heads) {
    this.dim = dim;
    this.heads = heads;
    this.norm1 = addChildBlock("norm1", LayerNorm.builder().axis(2).build());
    this.qkv = addChildBlock("qkv", Linear.builder().setUnits(3L * dim).build());
    this.out = addChildBlock("out", Linear.builder().setUnits(dim).build());
    this.norm2 = addChildBlock("norm2", LayerNorm.builder().axis(2).build());
    this.up = addChildBlock("up", Linear.builder().setUnits(4L * dim).build());
    this.down = addChildBlock("down", Linear.builder().setUnits(dim).build());
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store,
      NDList inputs,
      boolean training,
      @Nullable PairList<String, Object> params) {
    NDArray x = inputs.get(0);
    NDArray mask = inputs.get(1);
    long b = x.getShape().get(0);
    long s = x.getShape().get(1);
    long headDim = dim / heads;
    NDArray h = norm1.forward(store, new NDList(x), training).singletonOrThrow();
    NDArray projected = qkv.forward(store, new NDList(h), training).singletonOrThrow();
    NDList parts = projected.split(3, 2);
    NDArray q = parts.get(0).reshape(b, s, heads, headDim).transpose(0, 2, 1, 3);
    NDArray k = parts.get(1).reshape(b, s, heads, headDim).transpose(0, 2, 3, 1);
    NDArray v = parts.get(2).reshape(b, s, heads, headDim).transpose(0, 2, 1, 3);
    NDArray attention =
        q.matMul(k).div(OwnedScalar.of(q, Math.sqrt(headDim))).add(mask).softmax(-1);
    NDArray context = attention.matMul(v).transpose(0, 2, 1, 3).reshape(b, s, dim);
    NDArray x1 = x.add(out.forward(store, new NDList(context), training).singletonOrThrow());
    NDArray h2 = norm2.forward(store, new NDList(x1), training).singletonOrThrow();
    NDArray mlp =
        down.forward(
                store,
                new NDList(Activation.gelu(up.forward(store, new NDList(h2), training).head())),
                training)
            .singletonOrThrow();
    return new NDList(x1.add(mlp), attention);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape x = inputShapes[0];
    return new Shape[] {x, new Shape(x.get(0), heads, x.get(1), x.get(1))};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape x = inputShapes[0];
    norm1.initialize(manager, dataType, x);
    qkv.initialize(manager, dataType, x);
    out.initialize(manager, dataType, x);
    norm2.initialize(manager, dataType, x);
    up.initialize(manager, dataType, x);
    down.initialize(manager, dataType, new Shape(x.get(0), x.get(1), 4L * dim));
  }
}
