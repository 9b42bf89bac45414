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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

@ResourceLock("djl-gradient-collector")
class FiniteGradientsTest {
  @Test
  void a_nan_gradient_is_found_and_cleared_to_zero() {
    ScoreRequest request =
        new ScoreRequest(
            new Prompt(
                List.of(SceneSampler.builder(32).build().sample(1).render()),
                Conversation.of(Turn.human("<image>\nWhat colour is the circle?"))),
            "red");
    try (TinyLvlm model = TinyLvlm.create(TinyLvlmTest.SMALL, WordTokenizer.forWorld(), 4);
        TinyLvlmTuner tuner = TinyLvlmTuner.builder(model).build()) {
      // one real step so that every parameter has a gradient array
      tuner.step(m -> tuner.answerLogProbs(m, List.of(request)).sum().neg().sum());
      assertThat(FiniteGradients.allFinite(model)).isTrue();
      Parameter first = model.network().getParameters().valueAt(0);
      first.getArray().getGradient().set(new NDIndex("0"), Float.NaN);

      assertThat(FiniteGradients.allFinite(model)).isFalse();
      FiniteGradients.clear(model);
      assertThat(FiniteGradients.allFinite(model)).isTrue();
      NDArray cleared = first.getArray().getGradient();
      assertThat(cleared.abs().sum().getFloat()).isEqualTo(0f);
    }
  }
}
