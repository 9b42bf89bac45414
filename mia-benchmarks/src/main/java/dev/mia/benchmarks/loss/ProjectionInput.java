package dev.mia.benchmarks.loss;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.mia.loss.DpoLoss;
import dev.mia.loss.DpoOutput;
import dev.mia.loss.LossType;
import dev.mia.loss.PreferenceLogProbs;
import dev.mia.loss.fused.FusedPreferenceInputs;
import dev.mia.loss.fused.FusedPreferenceKernel;
import dev.mia.loss.fused.FusedPreferenceOutput;

/**
 * The inputs of the fused-projection benchmarks, float32: hidden states {@code [2B, T, H]} (normal,
 * deviation 1) and an LM-head weight {@code [V, H]} (normal, deviation 0.02), both leaves that
 * require a gradient, uniform random labels, every position scored (so that the fused kernel gains
 * nothing from skipping prompt or padding positions), and reference log-probabilities; plus the two
 * approaches, each one forward and backward of a sigmoid DPO loss (beta 0.1) under a fresh gradient
 * collector, freeing everything it creates except the accumulated gradients.
 *
 * @param hidden {@code [2B, T, H]}
 * @param weight {@code [V, H]}
 * @param labels {@code [2B, T]} int64
 * @param mask {@code [2B, T]} of ones
 * @param referenceChosen {@code [B]}
 * @param referenceRejected {@code [B]}
 */
record ProjectionInput(
    NDArray hidden,
    NDArray weight,
    NDArray labels,
    NDArray mask,
    NDArray referenceChosen,
    NDArray referenceRejected) {

  static final DpoLoss DPO = DpoLoss.builder(LossType.SIGMOID).beta(0.1).build();

  static ProjectionInput create(NDManager manager, int pairs, int tokens, int width, int vocab) {
    Engine.getInstance().setRandomSeed(11);
    NDArray hidden =
        manager.randomNormal(0, 1, new Shape(2L * pairs, tokens, width), DataType.FLOAT32);
    NDArray weight = manager.randomNormal(0, 0.02f, new Shape(vocab, width), DataType.FLOAT32);
    hidden.setRequiresGradient(true);
    weight.setRequiresGradient(true);
    NDArray labels = manager.randomInteger(0, vocab, new Shape(2L * pairs, tokens), DataType.INT64);
    NDArray mask = manager.ones(new Shape(2L * pairs, tokens), DataType.FLOAT32);
    NDArray referenceChosen =
        manager.randomNormal(-10.4f * tokens, 10, new Shape(pairs), DataType.FLOAT32);
    NDArray referenceRejected =
        manager.randomNormal(-10.4f * tokens, 10, new Shape(pairs), DataType.FLOAT32);
    return new ProjectionInput(hidden, weight, labels, mask, referenceChosen, referenceRejected);
  }

  /** mia: the fused kernel, then the collector's backward; returns the loss. */
  float fused(FusedPreferenceKernel kernel) {
    try (GradientCollector collector = Engine.getInstance().newGradientCollector();
        NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      FusedPreferenceInputs in =
          FusedPreferenceInputs.builder(hidden, weight, labels, mask)
              .reference(referenceChosen, referenceRejected)
              .build();
      FusedPreferenceOutput out = kernel.compute(in, DPO, collector);
      collector.backward(out.loss());
      return out.loss().getFloat();
    }
  }

  /**
   * Baseline, the naive DJL path: {@code logits = h W^T} {@code [2B, T, V]}, {@code logSoftmax},
   * {@code gather}, masked sum, the same loss, the collector's backward; returns the loss.
   */
  float naive() {
    try (GradientCollector collector = Engine.getInstance().newGradientCollector();
        NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDArray logits = hidden.matMul(weight.transpose());
      NDArray tokens = logits.logSoftmax(-1).gather(labels.expandDims(-1), -1).squeeze(-1);
      NDArray sequence = NDArrays.where(mask.neq(0), tokens, tokens.zerosLike()).sum(new int[] {1});
      long pairs = sequence.getShape().get(0) / 2;
      PreferenceLogProbs p =
          PreferenceLogProbs.builder(
                  sequence.get(new NDIndex("0:{}", pairs)), sequence.get(new NDIndex("{}:", pairs)))
              .reference(referenceChosen, referenceRejected)
              .build();
      DpoOutput out = DPO.compute(p);
      collector.backward(out.loss());
      return out.loss().getFloat();
    }
  }
}
