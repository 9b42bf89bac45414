package dev.mia.loss.ddpo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

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
import dev.mia.core.data.TokenWeights;
import dev.mia.core.tensor.PerTokenLogProbs;
import dev.mia.core.tensor.TokenLogProbs;
import dev.mia.loss.PreferenceLogProbs;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

@ResourceLock("djl-gradient-collector")
class DdpoTrainingLossTest {
  private static final int PAIRS = 6;
  private static final int LENGTH = 7;
  private static final int VOCAB = 5;
  private static final int CHANGED = 3;

  @Test
  void evaluate_equals_weighted_sequence_log_probs_fed_to_the_dpo_loss() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray policyChosen = m.create(new double[] {-1, -0.5, -2, -0.25}, new Shape(2, 2));
      NDArray policyRejected =
          m.create(new double[] {-1.5, -3, -0.75}, new Shape(1, 3)).repeat(0, 2);
      NDArray refChosen = m.create(new double[] {-1.25, -0.5, -1.5, -0.5}, new Shape(2, 2));
      NDArray refRejected = m.create(new double[] {-1, -2, -1, -0.5, -2.5, -1}, new Shape(2, 3));
      NDArray chosenMask = m.create(new float[] {1, 1, 1, 0}, new Shape(2, 2));
      NDArray rejectedMask = m.ones(new Shape(2, 3));
      NDArray chosenWeights = m.create(new float[] {1, 5, 5, 1}, new Shape(2, 2));
      NDArray rejectedWeights = m.create(new float[] {5, 1, 1, 1, 1, 5}, new Shape(2, 3));
      NDArray pairWeights = m.create(new double[] {0.5, 1.5});
      Ddpo ddpo = Ddpo.of(5, DdpoNormalisation.NORMALISED, 0.3);

      NDArray evaluated =
          new DdpoTrainingLoss(ddpo)
              .evaluate(
                  new NDList(
                      refChosen,
                      refRejected,
                      chosenMask,
                      rejectedMask,
                      chosenWeights,
                      rejectedWeights,
                      pairWeights),
                  new NDList(policyChosen, policyRejected));
      double computed =
          ddpo.dpoLoss()
              .compute(
                  PreferenceLogProbs.builder(
                          ddpo.sequenceLogProbs(
                              new PerTokenLogProbs(policyChosen, chosenMask), chosenWeights),
                          ddpo.sequenceLogProbs(
                              new PerTokenLogProbs(policyRejected, rejectedMask), rejectedWeights))
                      .reference(
                          ddpo.sequenceLogProbs(
                              new PerTokenLogProbs(refChosen, chosenMask), chosenWeights),
                          ddpo.sequenceLogProbs(
                              new PerTokenLogProbs(refRejected, rejectedMask), rejectedWeights))
                      .pairWeights(pairWeights)
                      .build())
              .loss()
              .getDouble();

      assertThat(evaluated.getDouble()).isEqualTo(computed);
      // By hand, pair 0: chosen (-1 - 2.5) / 6 vs ref (-1.25 - 2.5) / 6 -> +0.25 / 6; rejected
      // (-7.5 - 3 - 0.75) / 7 vs ref (-5 - 2 - 1) / 7 -> -3.25 / 7. Margin 0.3 * (0.25/6 + 3.25/7).
      // Pair 1: chosen -2 vs -1.5 -> -0.5; rejected (-1.5 - 3 - 3.75) / 7 vs (-0.5 - 2.5 - 5) / 7
      // -> -0.25 / 7. Margin 0.3 * (-0.5 + 0.25/7). Loss = mean of w * log(1 + e^-margin).
      double m0 = 0.3 * (0.25 / 6 + 3.25 / 7);
      double m1 = 0.3 * (-0.5 + 0.25 / 7);
      double expected = (0.5 * Math.log1p(Math.exp(-m0)) + 1.5 * Math.log1p(Math.exp(-m1))) / 2;
      assertThat(evaluated.getDouble()).isCloseTo(expected, within(1e-12));
    }
  }

  @Test
  void rejects_missing_label_slots() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.zeros(new Shape(1, 1));

      assertThatThrownBy(
              () -> new DdpoTrainingLoss(Ddpo.PAPER).evaluate(new NDList(x, x), new NDList(x, x)))
          .isExactlyInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "predictions need [policyChosen, policyRejected] and labels [referenceChosen,"
                  + " referenceRejected, chosenMask, rejectedMask, chosenWeights, rejectedWeights],"
                  + " but have 2 and 2 arrays");
    }
  }

  /**
   * Toy responses: pair k's chosen answer is tokens (k + t) % 5; the rejected answer replaces the
   * token at position 3, so DDPO weighs that position gamma in both.
   */
  private static int[][] responses(int k) {
    int[] chosen = new int[LENGTH];
    for (int t = 0; t < LENGTH; t++) {
      chosen[t] = (k + t) % VOCAB;
    }
    int[] rejected = chosen.clone();
    rejected[CHANGED] = (chosen[CHANGED] + 2) % VOCAB;
    return new int[][] {chosen, rejected};
  }

  private static NDArray ids(NDManager m, List<int[]> rows) {
    long[] flat = new long[rows.size() * LENGTH];
    for (int r = 0; r < rows.size(); r++) {
      for (int t = 0; t < LENGTH; t++) {
        flat[r * LENGTH + t] = rows.get(r)[t];
      }
    }
    return m.create(flat, new Shape(rows.size(), LENGTH));
  }

  private static NDArray perToken(NDArray flatLogits, NDArray ids) {
    NDArray logits = flatLogits.reshape(PAIRS, LENGTH, VOCAB);
    return TokenLogProbs.DEFAULT.compute(logits, ids, null).values();
  }

  @Test
  void ddpo_loss_falls_and_reward_accuracy_rises_in_a_djl_trainer() {
    Ddpo ddpo = Ddpo.PAPER;
    try (Model model = Model.newInstance("toy-ddpo-policy")) {
      // Two layers, as in DpoTrainingLossTest: DJL's first-step check rejects an all-zero gradient
      // sum, which a single layer feeding a softmax gives.
      model.setBlock(
          new SequentialBlock()
              .add(Linear.builder().setUnits(16).build())
              .add(Activation::tanh)
              .add(Linear.builder().setUnits((long) LENGTH * VOCAB).build()));
      DefaultTrainingConfig config =
          new DefaultTrainingConfig(new DdpoTrainingLoss(ddpo))
              .optInitializer(new NormalInitializer(0.1f), p -> true)
              .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.05f)).build());
      try (Trainer trainer = model.newTrainer(config)) {
        trainer.initialize(new Shape(PAIRS, PAIRS));
        NDManager m = trainer.getManager();
        NDArray prompts = m.eye(PAIRS);
        List<int[]> chosen = new ArrayList<>();
        List<int[]> rejected = new ArrayList<>();
        List<float[]> chosenWeights = new ArrayList<>();
        List<float[]> rejectedWeights = new ArrayList<>();
        for (int k = 0; k < PAIRS; k++) {
          int[][] pair = responses(k);
          chosen.add(pair[0]);
          rejected.add(pair[1]);
          TokenWeights w = ddpo.weights(pair[0], pair[1]);
          chosenWeights.add(w.chosen());
          rejectedWeights.add(w.rejected());
        }
        NDArray chosenIds = ids(m, chosen);
        NDArray rejectedIds = ids(m, rejected);
        NDArray mask = m.ones(new Shape(PAIRS, LENGTH));
        // Reference: the initial policy, computed once without gradient.
        NDArray refLogits = trainer.evaluate(new NDList(prompts)).singletonOrThrow();
        NDList labels =
            new NDList(
                perToken(refLogits, chosenIds),
                perToken(refLogits, rejectedIds),
                mask,
                mask,
                Ddpo.weightMatrix(m, chosenWeights, LENGTH),
                Ddpo.weightMatrix(m, rejectedWeights, LENGTH));
        assertThat(chosenWeights.get(0)).containsExactly(1, 1, 1, 5, 1, 1, 1);

        double firstLoss = Double.NaN;
        double lastLoss = Double.NaN;
        NDList predictions = new NDList();
        for (int step = 0; step < 60; step++) {
          try (GradientCollector gc = trainer.newGradientCollector()) {
            NDArray logits = trainer.forward(new NDList(prompts)).singletonOrThrow();
            predictions = new NDList(perToken(logits, chosenIds), perToken(logits, rejectedIds));
            NDArray loss = trainer.getLoss().evaluate(labels, predictions);
            gc.backward(loss);
            if (step == 0) {
              firstLoss = loss.getFloat();
            }
            lastLoss = loss.getFloat();
          }
          trainer.step();
        }
        double accuracy = accuracy(ddpo, labels, predictions);

        // At step 0 policy == reference: loss = log 2.
        assertThat(firstLoss).isCloseTo(Math.log(2), within(1e-6));
        assertThat(lastLoss).isLessThan(0.5 * firstLoss);
        assertThat(accuracy).isEqualTo(1.0);
      }
    }
  }

  private static double accuracy(Ddpo ddpo, NDList labels, NDList predictions) {
    NDArray[] seq = new NDArray[4];
    for (int i = 0; i < 2; i++) {
      seq[i] =
          ddpo.sequenceLogProbs(
              new PerTokenLogProbs(predictions.get(i), labels.get(2 + i)), labels.get(4 + i));
      seq[2 + i] =
          ddpo.sequenceLogProbs(
              new PerTokenLogProbs(labels.get(i), labels.get(2 + i)), labels.get(4 + i));
    }
    return ddpo.dpoLoss()
        .compute(PreferenceLogProbs.builder(seq[0], seq[1]).reference(seq[2], seq[3]).build())
        .accuracy()
        .getFloat();
  }
}
