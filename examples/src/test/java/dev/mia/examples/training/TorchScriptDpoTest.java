package dev.mia.examples.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Optimizer;
import dev.mia.core.data.Conversation;
import dev.mia.core.data.ImageRef;
import dev.mia.core.data.PreferencePair;
import dev.mia.core.data.Turn;
import dev.mia.core.model.TokenSequence;
import dev.mia.core.model.TrainingOutput;
import dev.mia.core.model.torchscript.ResizeNormalize;
import dev.mia.core.model.torchscript.SizePolicy;
import dev.mia.core.model.torchscript.TorchScriptVisionLanguageModel;
import dev.mia.core.model.torchscript.WordLevelTokenizer;
import dev.mia.loss.DpoLoss;
import dev.mia.loss.LossType;
import dev.mia.loss.cache.ReferenceLogProbCache;
import dev.mia.loss.train.LearningRateSchedule;
import dev.mia.loss.train.PreferenceCollator;
import dev.mia.loss.train.PreferenceTrainer;
import dev.mia.loss.train.ReferenceLogProbs;
import dev.mia.loss.train.Side;
import dev.mia.loss.train.StepMetrics;
import dev.mia.loss.train.StepOutcome;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * DPO of a TorchScript policy through mia-loss's training path, on mia-core's committed fixture
 * (tiny_lvlm.pt, written by mia-core/src/test/python/export_torchscript_fixture.py).
 */
@ResourceLock("djl-gradient-collector")
class TorchScriptDpoTest {
  private static final String FIXTURES = "/dev/mia/core/model/torchscript/";

  private static Path copy(String name, Path dir) throws IOException {
    Path target = dir.resolve(name);
    try (InputStream in = TorchScriptDpoTest.class.getResourceAsStream(FIXTURES + name)) {
      assertThat(in).as(name + " on the test classpath (mia-core's test-jar)").isNotNull();
      Files.copy(in, target);
    }
    return target;
  }

  private static TorchScriptVisionLanguageModel load(Path module, Path tokenizer)
      throws IOException {
    return TorchScriptVisionLanguageModel.builder(
            module,
            WordLevelTokenizer.fromJson(tokenizer),
            ResizeNormalize.builder(16, 16).sizePolicy(SizePolicy.REQUIRE_EXACT).build())
        .imageGrid(4, 4)
        .beginToken("<s>")
        .endToken("</s>")
        .padToken("<pad>")
        .maxSequenceLength(64)
        .build();
  }

  /** The exporter's test_image. */
  private static BufferedImage image(int shift) {
    BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 16; x++) {
        image.setRGB(
            x,
            y,
            (((16 * x + shift) % 256) << 16) | (((16 * y) % 256) << 8) | ((8 * (x + y)) % 256));
      }
    }
    return image;
  }

  private static List<PreferencePair> pairs() {
    String[][] answers = {
      {"the circle is red.", "the circle is blue."},
      {"a small green square.", "a big yellow triangle."},
      {"yes", "no"}
    };
    List<PreferencePair> pairs = new ArrayList<>();
    for (int i = 0; i < answers.length; i++) {
      pairs.add(
          PreferencePair.builder(
                  "p" + i,
                  Conversation.of(Turn.human("<image>\nwhat color is the circle?")),
                  answers[i][0],
                  answers[i][1])
              .images(List.of(ImageRef.InMemory.of(image(64 * i))))
              .build());
    }
    return pairs;
  }

  private static float[] chosenLogProbs(TorchScriptVisionLanguageModel model) {
    List<TokenSequence> rows =
        PreferenceCollator.builder(model.tokenizer()).build().collate(pairs()).rows(Side.CHOSEN);
    try (NDManager manager = NDManager.newBaseManager(model.device())) {
      return model.scoreTokens(manager, rows, TrainingOutput.LOG_PROBS).logProbs().toFloatArray();
    }
  }

  @Test
  void dpo_steps_change_the_modules_weights_lower_the_loss_and_survive_save_and_reload(
      @TempDir Path dir) throws IOException {
    Path module = copy("tiny_lvlm.pt", dir);
    Path tokenizer = copy("tokenizer.json", dir);
    Path trained = dir.resolve("trained.pt");
    float[] after;
    try (TorchScriptVisionLanguageModel policy = load(module, tokenizer)) {
      String startId = policy.id();
      float[] headBefore =
          policy.trainableParameters().get("head.weight").getArray().toFloatArray();
      PreferenceTrainer trainer =
          PreferenceTrainer.builder(policy, DpoLoss.builder(LossType.SIGMOID).beta(0.1).build())
              .reference(
                  ReferenceLogProbs.builder(ReferenceLogProbCache.open(dir.resolve("ref")), policy)
                      .build())
              .optimizer(tracker -> Optimizer.sgd().setLearningRateTracker(tracker).build())
              .schedule(LearningRateSchedule.constant(0.5f))
              .build();
      // the reference is the policy's starting point: cache it before the first update
      trainer.precomputeReference(pairs());

      List<StepMetrics> steps = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        steps.add(trainer.step(pairs()));
      }

      // step 0: policy == reference, so every margin is 0 and the loss is log 2
      assertThat(steps.get(0).loss()).isCloseTo(Math.log(2), within(1e-5));
      assertThat(steps).allSatisfy(m -> assertThat(m.outcome()).isEqualTo(StepOutcome.UPDATED));
      for (int i = 1; i < steps.size(); i++) {
        assertThat(steps.get(i).loss()).as("loss of step " + i).isLessThan(steps.get(i - 1).loss());
      }
      assertThat(steps.get(3).rewardMargin()).isPositive();
      float[] headAfter = policy.trainableParameters().get("head.weight").getArray().toFloatArray();
      assertThat(headAfter).isNotEqualTo(headBefore);
      assertThat(policy.id()).startsWith(startId + "+trained@sha256:");

      after = chosenLogProbs(policy);
      policy.saveModule(trained);
    }
    try (TorchScriptVisionLanguageModel reloaded = load(trained, tokenizer)) {
      assertThat(chosenLogProbs(reloaded)).containsExactly(after);
    }
  }
}
