package dev.mia.examples.tiny;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.tracker.Tracker;
import dev.mia.core.data.Conversation;
import dev.mia.core.data.ImageRef;
import dev.mia.core.data.PreferencePair;
import dev.mia.core.data.TokenWeights;
import dev.mia.core.data.Turn;
import dev.mia.core.model.ImageMask;
import dev.mia.core.model.Prompt;
import dev.mia.core.tensor.PerTokenLogProbs;
import dev.mia.examples.world.SceneSampler;
import dev.mia.loss.DpoLoss;
import dev.mia.loss.DpoOutput;
import dev.mia.loss.LossType;
import dev.mia.loss.PreferenceLogProbs;
import dev.mia.loss.cache.ReferenceLogProbCache;
import dev.mia.loss.ddpo.Ddpo;
import dev.mia.loss.train.LearningRateSchedule;
import dev.mia.loss.train.OptimizerFactory;
import dev.mia.loss.train.PreferenceTrainer;
import dev.mia.loss.train.ReferenceLogProbs;
import dev.mia.loss.train.StepMetrics;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The library's training path against the hand-written alignment step the examples had before it
 * (kept here, test-only, as the golden reference): the same loss and the same updated weights, bit
 * for bit, for plain sigmoid DPO and for DDPO's paper weights.
 */
@ResourceLock("djl-gradient-collector")
class TrainingPathEquivalenceTest {
  private static final float RATE = 0.01f;

  static List<PreferencePair> pairs() {
    SceneSampler sampler = SceneSampler.builder(32).build();
    String[][] answers = {
      {"red", "blue"},
      {
        "there is a small red circle at the top left.",
        "there is a large blue square at the top left."
      },
      {"two", "one"},
      {"green", "yellow"}
    };
    List<PreferencePair> pairs = new ArrayList<>();
    for (int i = 0; i < answers.length; i++) {
      BufferedImage image = sampler.sample(10 + i).render();
      pairs.add(
          PreferencePair.builder(
                  "p" + i,
                  Conversation.of(Turn.human("<image>\nWhat colour is the circle?")),
                  answers[i][0],
                  answers[i][1])
              .images(List.of(ImageRef.InMemory.of(image)))
              .build());
    }
    return pairs;
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void one_step_matches_the_hand_written_alignment_step_bit_for_bit(
      boolean ddpo, @TempDir Path cache) {
    DpoLoss loss = DpoLoss.builder(LossType.SIGMOID).beta(0.1).build();
    List<PreferencePair> pairs = pairs();
    double legacyLoss;
    List<float[]> legacyWeights = new ArrayList<>();
    try (TinyLvlm model = TinyLvlm.create(TinyLvlmTest.SMALL, WordTokenizer.forWorld(), 5)) {
      legacyLoss = legacyStep(model, pairs, loss, ddpo ? Ddpo.PAPER : null);
      model
          .network()
          .getParameters()
          .forEach(p -> legacyWeights.add(p.getValue().getArray().toFloatArray()));
    }
    try (TinyLvlm model = TinyLvlm.create(TinyLvlmTest.SMALL, WordTokenizer.forWorld(), 5)) {
      PreferenceTrainer.Builder builder =
          PreferenceTrainer.builder(model, loss)
              .reference(
                  ReferenceLogProbs.builder(ReferenceLogProbCache.open(cache), model)
                      .batchSize(1)
                      .build())
              .optimizer(OptimizerFactory.adam(1f))
              .schedule(LearningRateSchedule.constant(RATE));
      if (ddpo) {
        builder.ddpo(Ddpo.PAPER);
      }
      StepMetrics metrics = builder.build().step(pairs);
      assertThat(metrics.loss()).isEqualTo(legacyLoss);
      int i = 0;
      for (var p : model.network().getParameters()) {
        assertThat(p.getValue().getArray().toFloatArray())
            .as(p.getKey())
            .isEqualTo(legacyWeights.get(i++));
      }
    }
  }

  @org.junit.jupiter.api.Test
  void hidden_states_and_the_head_give_the_log_probs_of_the_log_prob_output() {
    try (TinyLvlm model = TinyLvlm.create(TinyLvlmTest.SMALL, WordTokenizer.forWorld(), 5);
        NDManager manager = NDManager.newBaseManager()) {
      List<dev.mia.core.model.TokenSequence> rows =
          dev.mia.loss.train.PreferenceCollator.builder(model.tokenizer())
              .build()
              .collate(pairs())
              .rows(dev.mia.loss.train.Side.REJECTED);
      dev.mia.core.model.TokenScores logProbs =
          model.scoreTokens(manager, rows, dev.mia.core.model.TrainingOutput.LOG_PROBS);
      dev.mia.core.model.TokenScores hidden =
          model.scoreTokens(manager, rows, dev.mia.core.model.TrainingOutput.HIDDEN_STATES);

      assertThat(hidden.logProbs()).isNull();
      assertThat(hidden.hiddenStates().getShape())
          .isEqualTo(new Shape(4, logProbs.mask().getShape().get(1), 32));
      assertThat(hidden.outputWeight().getShape())
          .isEqualTo(new Shape(WordTokenizer.forWorld().size(), 32));
      NDArray logits =
          hidden.hiddenStates().matMul(hidden.outputWeight().transpose()).add(hidden.outputBias());
      long t = logProbs.mask().getShape().get(1);
      float[] expected =
          logits
              .logSoftmax(2)
              .gather(hidden.labels().reshape(4, t, 1), 2)
              .reshape(4, t)
              .mul(hidden.mask())
              .toFloatArray();
      float[] actual = logProbs.logProbs().toFloatArray();
      for (int i = 0; i < actual.length; i++) {
        assertThat(actual[i]).isCloseTo(expected[i], org.assertj.core.api.Assertions.within(1e-5f));
      }
    }
  }

  /** The examples' alignment step before the training path (TinyLvlmTuner + Alignment.dpo). */
  private static double legacyStep(
      TinyLvlm lvlm, List<PreferencePair> pairs, DpoLoss loss, Ddpo ddpo) {
    lvlm.network()
        .getParameters()
        .forEach(
            p -> {
              if (p.getValue().requiresGradient()) {
                p.getValue().getArray().setRequiresGradient(true);
              }
            });
    WordTokenizer words = lvlm.wordTokenizer();
    List<float[]> refChosen = new ArrayList<>();
    List<float[]> refRejected = new ArrayList<>();
    try (NDManager manager = NDManager.newBaseManager()) {
      for (PreferencePair p : pairs) {
        for (String answer : List.of(p.chosen(), p.rejected())) {
          try (NDManager sub = manager.newSubManager()) {
            float[] values =
                logProbs(lvlm, null, sub, List.of(p), List.of(answer)).values().toFloatArray();
            (answer.equals(p.chosen()) ? refChosen : refRejected).add(values);
          }
        }
      }
    }
    try (Trainer trainer = AnswerTokens.adamTrainer(lvlm, Tracker.fixed(RATE), 0, 1f)) {
      double value;
      try (ai.djl.ndarray.NDScope scope = new ai.djl.ndarray.NDScope()) {
        scope.suppressNotUsedWarning();
        try (GradientCollector collector = trainer.newGradientCollector()) {
          NDManager m = trainer.getManager();
          PerTokenLogProbs pc =
              logProbs(
                  lvlm, trainer, m, pairs, pairs.stream().map(PreferencePair::chosen).toList());
          PerTokenLogProbs pr =
              logProbs(
                  lvlm, trainer, m, pairs, pairs.stream().map(PreferencePair::rejected).toList());
          PerTokenLogProbs refC = new PerTokenLogProbs(pad(m, refChosen, pc), pc.mask());
          PerTokenLogProbs refR = new PerTokenLogProbs(pad(m, refRejected, pr), pr.mask());
          NDArray policyChosen;
          NDArray policyRejected;
          NDArray referenceChosen;
          NDArray referenceRejected;
          if (ddpo != null) {
            List<float[]> wc = new ArrayList<>();
            List<float[]> wr = new ArrayList<>();
            for (PreferencePair p : pairs) {
              TokenWeights w =
                  ddpo.weights(ints(words.encode(p.chosen())), ints(words.encode(p.rejected())));
              wc.add(w.chosen());
              wr.add(w.rejected());
            }
            NDArray weightsC = Ddpo.weightMatrix(m, wc, width(pc));
            NDArray weightsR = Ddpo.weightMatrix(m, wr, width(pr));
            policyChosen = ddpo.sequenceLogProbs(pc, weightsC);
            policyRejected = ddpo.sequenceLogProbs(pr, weightsR);
            referenceChosen = ddpo.sequenceLogProbs(refC, weightsC);
            referenceRejected = ddpo.sequenceLogProbs(refR, weightsR);
          } else {
            policyChosen = pc.sum();
            policyRejected = pr.sum();
            referenceChosen = refC.sum();
            referenceRejected = refR.sum();
          }
          DpoOutput out =
              loss.compute(
                  PreferenceLogProbs.builder(policyChosen, policyRejected)
                      .reference(referenceChosen, referenceRejected)
                      .chosenTokens(pc)
                      .build());
          collector.backward(out.loss());
          value = out.loss().toType(DataType.FLOAT64, false).getDouble();
        }
      }
      trainer.step();
      lvlm.weightsChanged();
      return value;
    }
  }

  private static PerTokenLogProbs logProbs(
      TinyLvlm lvlm,
      Trainer trainer,
      NDManager manager,
      List<PreferencePair> pairs,
      List<String> answers) {
    WordTokenizer words = lvlm.wordTokenizer();
    int eos = words.id(WordTokenizer.EOS);
    List<ImagePrompt> prompts = new ArrayList<>();
    List<List<Integer>> sequences = new ArrayList<>();
    int longest = 0;
    for (int i = 0; i < pairs.size(); i++) {
      PreferencePair p = pairs.get(i);
      ImagePrompt prompt =
          lvlm.encode(
              new Prompt(List.of(((ImageRef.InMemory) p.images().get(0)).image()), p.prompt()));
      List<Integer> full = new ArrayList<>(prompt.ids());
      full.addAll(words.encode(answers.get(i)));
      full.add(eos);
      prompts.add(prompt);
      sequences.add(full);
      longest = Math.max(longest, full.size());
    }
    NDList inputs =
        BatchInputs.build(
            manager, prompts, sequences, longest, ImageMask.NONE, lvlm.config(), words.size());
    NDArray logits = trainer != null ? trainer.forward(inputs).get(0) : lvlm.forward(inputs).get(0);
    return AnswerTokens.of(manager, prompts, sequences).logProbs(logits);
  }

  private static int width(PerTokenLogProbs tokens) {
    return Math.toIntExact(tokens.values().getShape().get(1));
  }

  private static NDArray pad(NDManager m, List<float[]> rows, PerTokenLogProbs like) {
    int width = width(like);
    float[] flat = new float[rows.size() * width];
    for (int r = 0; r < rows.size(); r++) {
      System.arraycopy(rows.get(r), 0, flat, r * width, Math.min(width, rows.get(r).length));
    }
    return m.create(flat, new Shape(rows.size(), width));
  }

  private static int[] ints(List<Integer> ids) {
    return ids.stream().mapToInt(Integer::intValue).toArray();
  }
}
