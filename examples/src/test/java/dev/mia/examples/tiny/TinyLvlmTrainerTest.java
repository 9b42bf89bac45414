package dev.mia.examples.tiny;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mia.core.data.Conversation;
import dev.mia.core.data.Turn;
import dev.mia.core.model.Prompt;
import dev.mia.core.model.ScoreRequest;
import dev.mia.examples.world.SceneSampler;
import dev.mia.examples.world.WorldSample;
import dev.mia.examples.world.WorldSplit;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

@ResourceLock("djl-gradient-collector")
class TinyLvlmTrainerTest {

  private static List<ScoreRequest> examples() {
    WorldSplit split = WorldSplit.generate("train", 5, 40, SceneSampler.builder(32).build());
    List<BufferedImage> images = new ArrayList<>();
    split.scenes().forEach(s -> images.add(s.render()));
    List<ScoreRequest> out = new ArrayList<>();
    for (WorldSample sample : split.samples()) {
      String question = sample.toSftSample().conversation().questions().get(0);
      out.add(
          new ScoreRequest(
              new Prompt(
                  List.of(images.get(sample.sceneIndices().get(0))),
                  Conversation.of(Turn.human(question))),
              sample.question().answer()));
    }
    return out;
  }

  @Test
  void a_short_run_lowers_the_loss_and_is_reproducible() {
    List<ScoreRequest> examples = examples();
    TinyLvlmTrainer trainer =
        TinyLvlmTrainer.builder().steps(30).batchSize(8).learningRate(3e-3f).seed(1).build();
    List<Double> first;
    String firstId;
    try (TinyLvlm model = TinyLvlm.create(TinyLvlmTest.SMALL, WordTokenizer.forWorld(), 1)) {
      String before = model.id();
      TrainingLog log = trainer.train(model, examples);
      assertThat(log.losses()).hasSize(30);
      assertThat(log.meanLoss(25, 30)).isLessThan(0.7 * log.meanLoss(0, 5));
      assertThat(model.id()).isNotEqualTo(before);
      first = log.losses();
      firstId = model.id();
    }
    try (TinyLvlm model = TinyLvlm.create(TinyLvlmTest.SMALL, WordTokenizer.forWorld(), 1)) {
      assertThat(trainer.train(model, examples).losses()).isEqualTo(first);
      assertThat(model.id()).isEqualTo(firstId);
    }
  }
}
