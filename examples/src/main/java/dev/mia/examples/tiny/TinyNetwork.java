package dev.mia.examples.tiny;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The network of {@link TinyLvlm}.
 *
 * <p>Inputs: {@code embedIndex [B*S]} int64, the row of the embedding table for each position (a
 * token id below {@code V}, or {@code V + n * P + p} for patch {@code p} of image {@code n});
 * {@code images [N, 3, H, W]} float32 (at least one, possibly unused); {@code mask [B, 1, S, S]}
 * float32 additive attention mask. Outputs: {@code logits [B, S, V]}, then the attention {@code [B,
 * H, S, S]} of each layer.
 *
 * <p>Images: a stride-{@code P} convolution makes one {@code D}-vector per patch, a learned patch
 * position is added, and a two-layer GELU MLP projects it into the token space (as LLaVA-1.5's
 * projector). With a convolutional stem ({@link TinyLvlmConfig#stemChannels()} above 0) the stem's
 * features are max-pooled per patch and projected, and the patch position is added after the MLP
 * instead: added before it, the position was entangled with the content, and a model whose
 * attention found the named object still could not read where it was. The embedding table is the
 * token embeddings followed by the projected patches, so a single gather places every image's
 * tokens where its placeholder stands. A learned position embedding is added, then the decoder
 * layers, a final layer norm and a linear head.
 */
final class TinyNetwork extends AbstractBlock {
  private final TinyLvlmConfig config;
  private final int vocabulary;
  private final Parameter tokenEmbedding;
  private final Parameter positionEmbedding;
  private final Parameter patchPosition;
  private final @Nullable Conv2d patchify;
  private final List<Conv2d> stem = new ArrayList<>();
  private final @Nullable Linear pooledProjection;
  private final Linear project1;
  private final Linear project2;
  private final List<DecoderLayer> layers = new ArrayList<>();
  private final LayerNorm finalNorm;
  private final Linear head;

  /** The forward parameter that returns the final hidden states in place of the logits. */
  static final String HIDDEN_ONLY = "hiddenOnly";

  private static final int STEM_LAYERS = 3;
  // with a stem, a token's content dwarfs a 0.02 embedding: the quadrant must stay visible
  private static final float PATCH_POSITION_SCALE = 0.5f;

  TinyNetwork(TinyLvlmConfig config, int vocabulary) {
    this.config = config;
    this.vocabulary = vocabulary;
    int d = config.modelDim();
    this.tokenEmbedding =
        addParameter(
            Parameter.builder()
                .setName("tokenEmbedding")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(vocabulary, d))
                .optInitializer(new NormalInitializer(0.02f))
                .build());
    this.positionEmbedding =
        addParameter(
            Parameter.builder()
                .setName("positionEmbedding")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(config.maxSequenceLength(), d))
                .optInitializer(new NormalInitializer(0.02f))
                .build());
    this.patchPosition =
        addParameter(
            Parameter.builder()
                .setName("patchPosition")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(config.imageTokens(), d))
                .optInitializer(
                    new NormalInitializer(config.stemChannels() > 0 ? PATCH_POSITION_SCALE : 0.02f))
                .build());
    int c = config.stemChannels();
    this.patchify =
        c > 0
            ? null
            : addChildBlock(
                "patchify",
                Conv2d.builder()
                    .setKernelShape(new Shape(config.patchSize(), config.patchSize()))
                    .optStride(new Shape(config.patchSize(), config.patchSize()))
                    .setFilters(d)
                    .build());
    for (int i = 0; c > 0 && i < STEM_LAYERS; i++) {
      stem.add(
          addChildBlock(
              "stem" + i,
              Conv2d.builder()
                  .setKernelShape(new Shape(3, 3))
                  .optPadding(new Shape(1, 1))
                  .setFilters(c)
                  .build()));
    }
    this.pooledProjection =
        c > 0 ? addChildBlock("pooledProjection", Linear.builder().setUnits(d).build()) : null;
    this.project1 = addChildBlock("project1", Linear.builder().setUnits(d).build());
    this.project2 = addChildBlock("project2", Linear.builder().setUnits(d).build());
    for (int i = 0; i < config.layers(); i++) {
      layers.add(addChildBlock("layer" + i, new DecoderLayer(d, config.heads())));
    }
    this.finalNorm = addChildBlock("finalNorm", LayerNorm.builder().axis(2).build());
    this.head = addChildBlock("head", Linear.builder().setUnits(vocabulary).build());
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store,
      NDList inputs,
      boolean training,
      @Nullable PairList<String, Object> params) {
    NDArray embedIndex = inputs.get(0);
    NDArray images = inputs.get(1);
    NDArray mask = inputs.get(2);
    long b = mask.getShape().get(0);
    long s = mask.getShape().get(2);
    long n = images.getShape().get(0);
    int d = config.modelDim();
    int p = config.imageTokens();
    NDArray position = store.getValue(patchPosition, images.getDevice(), training);
    boolean stemmed = config.stemChannels() > 0;
    NDArray patches = patchTokens(store, images, training, n, d, p);
    if (!stemmed) {
      patches = patches.add(position);
    }
    NDArray projected =
        project2
            .forward(
                store,
                new NDList(
                    Activation.gelu(
                        project1.forward(store, new NDList(patches), training).singletonOrThrow())),
                training)
            .singletonOrThrow();
    if (stemmed) {
      // after the projector the quadrant stays an additive, linearly readable part of the token
      projected = projected.add(position);
    }
    projected = projected.reshape(n * p, d);
    NDArray words = store.getValue(tokenEmbedding, images.getDevice(), training);
    NDArray table = words.concat(projected, 0);
    NDArray x =
        table
            .gather(embedIndex.reshape(b * s, 1).broadcast(b * s, d), 0)
            .reshape(b, s, d)
            .add(
                store
                    .getValue(positionEmbedding, images.getDevice(), training)
                    .get("0:" + s)
                    .expandDims(0));
    NDList out = new NDList();
    for (DecoderLayer layer : layers) {
      NDList result = layer.forward(store, new NDList(x, mask), training);
      x = result.get(0);
      out.add(result.get(1));
    }
    NDList hidden = finalNorm.forward(store, new NDList(x), training);
    if (params != null && params.contains(HIDDEN_ONLY)) {
      out.add(0, hidden.singletonOrThrow());
      return out;
    }
    NDArray logits = head.forward(store, hidden, training).singletonOrThrow();
    out.add(0, logits);
    return out;
  }

  /**
   * Returns the output projection's weight {@code [V, H]} and bias {@code [V]} as the store gives
   * them for the device, on the autograd graph of a training forward.
   */
  private NDArray patchTokens(
      ParameterStore store, NDArray images, boolean training, long n, int d, int p) {
    if (patchify != null) {
      return patchify
          .forward(store, new NDList(images), training)
          .singletonOrThrow()
          .reshape(n, d, p)
          .transpose(0, 2, 1);
    }
    NDArray features = images;
    for (Conv2d conv : stem) {
      features = Activation.gelu(conv.forward(store, new NDList(features), training).head());
    }
    Shape window = new Shape(config.patchSize(), config.patchSize());
    NDArray pooled =
        Pool.maxPool2d(features, window, window, new Shape(0, 0), false)
            .reshape(n, config.stemChannels(), p)
            .transpose(0, 2, 1);
    return requireNonNull(pooledProjection, "pooledProjection")
        .forward(store, new NDList(pooled), training)
        .singletonOrThrow();
  }

  NDList headWeights(ParameterStore store, ai.djl.Device device, boolean training) {
    Parameter weight = head.getParameters().get("weight");
    Parameter bias = head.getParameters().get("bias");
    return new NDList(
        store.getValue(weight, device, training), store.getValue(bias, device, training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape mask = inputShapes[2];
    Shape[] shapes = new Shape[1 + layers.size()];
    shapes[0] = new Shape(mask.get(0), mask.get(2), vocabulary);
    for (int i = 0; i < layers.size(); i++) {
      shapes[i + 1] = new Shape(mask.get(0), config.heads(), mask.get(2), mask.get(2));
    }
    return shapes;
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape images = inputShapes[1];
    Shape mask = inputShapes[2];
    int d = config.modelDim();
    if (patchify != null) {
      patchify.initialize(manager, dataType, images);
    }
    int c = config.stemChannels();
    Shape features = images;
    for (Conv2d conv : stem) {
      conv.initialize(manager, dataType, features);
      features = new Shape(images.get(0), c, images.get(2), images.get(3));
    }
    if (pooledProjection != null) {
      pooledProjection.initialize(
          manager, dataType, new Shape(images.get(0), config.imageTokens(), c));
    }
    Shape patches = new Shape(images.get(0), config.imageTokens(), d);
    project1.initialize(manager, dataType, patches);
    project2.initialize(manager, dataType, patches);
    Shape x = new Shape(mask.get(0), mask.get(2), d);
    for (DecoderLayer layer : layers) {
      layer.initialize(manager, dataType, x, mask);
    }
    finalNorm.initialize(manager, dataType, x);
    head.initialize(manager, dataType, x);
  }
}
