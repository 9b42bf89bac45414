package dev.mia.examples.tiny;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import dev.mia.core.data.Conversation;
import dev.mia.core.data.Turn;
import dev.mia.core.model.Prompt;
import dev.mia.core.model.ScoreRequest;
import dev.mia.examples.world.SceneSampler;
import dev.mia.loss.train.WeightGuard;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

@ResourceLock("djl-gradient-collector")
class WeightGuardTest {
  private static final ScoreRequest REQUEST =
      new ScoreRequest(
          new Prompt(
              List.of(SceneSampler.builder(32).build().sample(1).render()),
              Conversation.of(Turn.human("<image>\nWhat colour is the circle?"))),
          "red");

  @Test
  void an_update_that_leaves_a_nan_weight_is_undone_and_the_gradients_cleared() {
    try (TinyLvlm model = TinyLvlm.create(TinyLvlmTest.SMALL, WordTokenizer.forWorld(), 4);
        TinyLvlmTuner tuner = TinyLvlmTuner.builder(model).build()) {
      // one real step so that every parameter has a gradient array
      tuner.step(m -> tuner.answerLogProbs(m, List.of(REQUEST)).sum().neg().sum());
      Parameter first = model.network().getParameters().valueAt(0);
      float[] before = first.getArray().toFloatArray();

      try (WeightGuard guard = WeightGuard.before(model.trainableParameters())) {
        first.getArray().set(new NDIndex("0"), Float.NaN); // a poisoned update: row 0 NaN
        assertThat(WeightGuard.allFinite(model.trainableParameters())).isFalse();

        assertThat(guard.keepIfFinite()).isFalse();
      }

      assertThat(WeightGuard.allFinite(model.trainableParameters())).isTrue();
      assertThat(first.getArray().toFloatArray()).containsExactly(before);
      NDArray gradient = first.getArray().getGradient();
      assertThat(gradient.abs().sum().getFloat()).isEqualTo(0f);
    }
  }

  @Test
  void a_finite_update_is_kept() {
    try (TinyLvlm model = TinyLvlm.create(TinyLvlmTest.SMALL, WordTokenizer.forWorld(), 4);
        TinyLvlmTuner tuner = TinyLvlmTuner.builder(model).build()) {
      String before = model.id();
      tuner.step(m -> tuner.answerLogProbs(m, List.of(REQUEST)).sum().neg().sum());

      assertThat(tuner.skippedSteps()).isZero();
      assertThat(model.id()).isNotEqualTo(before);
    }
  }

  @Test
  void updates_that_overflow_the_weights_are_undone_and_training_goes_on() {
    // Adam moves each weight by about the learning rate: at Float.MAX_VALUE every update
    // overflows, so every step is undone (and its optimiser replaced) and the weights never change.
    TinyLvlmTrainer trainer =
        TinyLvlmTrainer.builder()
            .steps(3)
            .batchSize(2)
            .learningRate(Float.MAX_VALUE)
            .seed(5)
            .build();
    try (TinyLvlm model = TinyLvlm.create(TinyLvlmTest.SMALL, WordTokenizer.forWorld(), 5)) {
      String before = model.id();

      TrainingLog log = trainer.train(model, List.of(REQUEST, REQUEST));

      assertThat(log.skippedSteps()).isEqualTo(3);
      assertThat(log.losses()).hasSize(3).allMatch(Double::isFinite);
      assertThat(WeightGuard.allFinite(model.trainableParameters())).isTrue();
      assertThat(model.id()).isEqualTo(before);
    }
  }
}
