package dev.mia.loss;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.mia.core.tensor.PerTokenLogProbs;
import dev.mia.core.tensor.TokenLogProbs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

@ResourceLock("djl-gradient-collector")
class DpoTrainingLossTest {
  private static final int PAIRS = 8;
  private static final int FEATURES = 8;
  private static final int VOCAB = 5;

  /** Toy preference set: prompt k (one-hot) prefers token k % 5 over token (k + 2) % 5. */
  private static NDList batch(NDManager m) {
    float[] x = new float[PAIRS * FEATURES];
    long[] chosen = new long[PAIRS];
    long[] rejected = new long[PAIRS];
    for (int k = 0; k < PAIRS; k++) {
      x[k * FEATURES + k] = 1;
      chosen[k] = k % VOCAB;
      rejected[k] = (k + 2) % VOCAB;
    }
    return new NDList(
        m.create(x, new Shape(PAIRS, FEATURES)),
        m.create(chosen, new Shape(PAIRS, 1)),
        m.create(rejected, new Shape(PAIRS, 1)));
  }

  private static NDArray sequenceLogProbs(NDArray logits, NDArray labels) {
    PerTokenLogProbs lp = TokenLogProbs.DEFAULT.compute(logits.expandDims(1), labels, null);
    return lp.sum();
  }

  @Test
  void dpo_loss_falls_and_reward_accuracy_rises_in_a_djl_trainer() {
    DpoLoss dpo = DpoLoss.builder(LossType.SIGMOID).beta(0.5).build();
    try (Model model = Model.newInstance("toy-policy")) {
      // Two layers: DJL's first-step check rejects gradients that sum to 0, which every
      // parameter that feeds a softmax directly does (the gradient sums to 0 over the vocabulary).
      model.setBlock(
          new SequentialBlock()
              .add(Linear.builder().setUnits(16).build())
              .add(Activation::tanh)
              .add(Linear.builder().setUnits(VOCAB).build()));
      DefaultTrainingConfig config =
          new DefaultTrainingConfig(new DpoTrainingLoss(dpo))
              .optInitializer(new NormalInitializer(0.1f), p -> true)
              .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.05f)).build());
      try (Trainer trainer = model.newTrainer(config)) {
        trainer.initialize(new Shape(PAIRS, FEATURES));
        NDManager m = trainer.getManager();
        NDList data = batch(m);
        // Reference log-probs: the initial policy, computed once without gradient.
        NDArray refLogits = trainer.evaluate(new NDList(data.get(0))).singletonOrThrow();
        NDList labels =
            new NDList(
                sequenceLogProbs(refLogits, data.get(1)), sequenceLogProbs(refLogits, data.get(2)));

        double firstLoss = Double.NaN;
        double lastLoss = Double.NaN;
        double firstAccuracy = Double.NaN;
        double lastAccuracy = Double.NaN;
        for (int step = 0; step < 40; step++) {
          try (GradientCollector gc = trainer.newGradientCollector()) {
            NDArray logits = trainer.forward(new NDList(data.get(0))).singletonOrThrow();
            NDList predictions =
                new NDList(
                    sequenceLogProbs(logits, data.get(1)), sequenceLogProbs(logits, data.get(2)));
            NDArray loss = trainer.getLoss().evaluate(labels, predictions);
            gc.backward(loss);
            double accuracy =
                dpo.compute(
                        PreferenceLogProbs.builder(predictions.get(0), predictions.get(1))
                            .reference(labels.get(0), labels.get(1))
                            .build())
                    .accuracy()
                    .getFloat();
            if (step == 0) {
              firstLoss = loss.getFloat();
              firstAccuracy = accuracy;
            }
            lastLoss = loss.getFloat();
            lastAccuracy = accuracy;
          }
          trainer.step();
        }

        // At step 0 policy == reference: loss = log 2 and no pair has a positive margin.
        assertThat(firstLoss).isCloseTo(Math.log(2), org.assertj.core.data.Offset.offset(1e-6));
        assertThat(firstAccuracy).isEqualTo(0.0);
        assertThat(lastLoss).isLessThan(0.5 * firstLoss);
        assertThat(lastAccuracy).isEqualTo(1.0);
      }
    }
  }
}
