package dev.mia.loss.fused;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.GradientCollector;
import dev.mia.core.tensor.PerTokenLogProbs;
import dev.mia.loss.DpoLoss;
import dev.mia.loss.DpoOutput;
import dev.mia.loss.PreferenceLogProbs;
import dev.mia.loss.TokenReduction;
import org.jspecify.annotations.Nullable;

/**
 * The naive DJL path the fused kernel must match: {@code logits = h W^T + b} for the whole batch,
 * {@code logSoftmax}, {@code gather}, the sequence reduction, the loss and autograd's backward.
 * Written independently of the kernel (no shared helper).
 */
final class NaiveProjection {
  private NaiveProjection() {}

  /** The naive run's results: loss value, sequence log-probs and the gradients. */
  record Result(
      double loss,
      double[] chosen,
      double[] rejected,
      double[] gradHidden,
      double @Nullable [] gradWeight,
      double @Nullable [] gradBias) {}

  /**
   * Runs the naive path on fresh copies of h, W and b that require a gradient.
   *
   * @param in the inputs (their arrays are copied, not modified)
   * @param loss the loss (a DpoLoss or another objective)
   * @param useMask false to ignore the mask (a deliberately wrong variant for sensitivity checks)
   * @param useWeights false to drop the token weights (deliberately wrong variant)
   * @return the results
   */
  static Result run(FusedPreferenceInputs in, DpoLoss loss, boolean useMask, boolean useWeights) {
    return run(in, (PreferenceObjective) loss::compute, useMask, useWeights);
  }

  static Result run(
      FusedPreferenceInputs in, PreferenceObjective loss, boolean useMask, boolean useWeights) {
    NDArray h = in.hidden().duplicate();
    NDArray w = in.weight().duplicate();
    NDArray b = in.bias() == null ? null : in.bias().duplicate();
    h.setRequiresGradient(true);
    w.setRequiresGradient(true);
    if (b != null) {
      b.setRequiresGradient(true);
    }
    long pairs = in.pairs();
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray logits = h.matMul(w.transpose());
      if (b != null) {
        logits = logits.add(b);
      }
      NDArray maskBool = useMask ? in.mask().neq(0) : in.mask().onesLike().neq(0);
      NDArray labels = NDArrays.where(in.mask().neq(0), in.labels(), in.labels().zerosLike());
      NDArray tokens = logits.logSoftmax(-1).gather(labels.expandDims(-1), -1).squeeze(-1);
      NDArray m = maskBool.toType(tokens.getDataType(), false);
      NDArray mw = m;
      if (useWeights && in.tokenWeights() != null) {
        mw = m.mul(in.tokenWeights().toType(tokens.getDataType(), false));
      }
      NDArray sequence = tokens.mul(mw).sum(new int[] {1});
      if (in.reduction() == TokenReduction.MEAN) {
        NDArray denominator = mw.sum(new int[] {1});
        sequence =
            sequence.div(NDArrays.where(denominator.gt(0), denominator, denominator.onesLike()));
      }
      NDArray counts = m.sum(new int[] {1});
      NDIndex c = new NDIndex("0:{}", pairs);
      NDIndex r = new NDIndex("{}:", pairs);
      PreferenceLogProbs.Builder p =
          PreferenceLogProbs.builder(sequence.get(c), sequence.get(r))
              .lengths(counts.get(c), counts.get(r))
              .chosenTokens(new PerTokenLogProbs(tokens.get(c), m.get(c)));
      if (in.referenceChosen() != null && in.referenceRejected() != null) {
        p.reference(in.referenceChosen(), in.referenceRejected());
      }
      DpoOutput out = loss.compute(p.build());
      gc.backward(out.loss());
      return new Result(
          out.loss().toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble(),
          doubles(out.chosenLogProbs()),
          doubles(out.rejectedLogProbs()),
          doubles(h.getGradient()),
          doubles(w.getGradient()),
          b == null ? null : doubles(b.getGradient()));
    }
  }

  static double[] doubles(NDArray a) {
    return a.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).toDoubleArray();
  }
}
