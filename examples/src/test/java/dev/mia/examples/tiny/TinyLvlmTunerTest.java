package dev.mia.examples.tiny;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import dev.mia.core.data.Conversation;
import dev.mia.core.data.Turn;
import dev.mia.core.model.Prompt;
import dev.mia.core.model.ScoreOptions;
import dev.mia.core.model.ScoreRequest;
import dev.mia.core.model.Scored;
import dev.mia.core.tensor.PerTokenLogProbs;
import dev.mia.examples.world.SceneSampler;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

@ResourceLock("djl-gradient-collector")
class TinyLvlmTunerTest {
  private static final BufferedImage IMAGE = SceneSampler.builder(32).build().sample(3).render();

  private static ScoreRequest request(String question, String answer) {
    return new ScoreRequest(
        new Prompt(List.of(IMAGE), Conversation.of(Turn.human("<image>\n" + question))), answer);
  }

  @Test
  void log_probs_outside_a_step_match_score_and_add_the_end_token() {
    List<ScoreRequest> batch =
        List.of(
            request("What colour is the circle?", "red"),
            request("Describe the image.", "there is a small red circle at the top left."));
    try (TinyLvlm model = TinyLvlm.create(TinyLvlmTest.SMALL, WordTokenizer.forWorld(), 2);
        TinyLvlmTuner tuner = TinyLvlmTuner.builder(model).build();
        NDManager manager = NDManager.newBaseManager()) {
      // score() is the independent path: same network, no end token, its own batching code.
      Scored scored = model.score(manager, batch, ScoreOptions.DEFAULT);
      PerTokenLogProbs tokens = tuner.answerLogProbs(manager, batch);
      float[] expected = scored.tokenLogProbs().toFloatArray();
      int scoredWidth = (int) scored.tokenLogProbs().getShape().get(1);
      float[] values = tokens.values().toFloatArray();
      float[] mask = tokens.mask().toFloatArray();
      int width = (int) tokens.values().getShape().get(1);
      assertThat(width).isEqualTo(12); // 11 caption tokens (10 words and '.') + <eos>
      for (int t = 0; t < 11; t++) {
        assertThat(values[width + t]).isCloseTo(expected[scoredWidth + t], within(1e-4f));
      }
      assertThat(values[0]).isCloseTo(expected[0], within(1e-4f));
      assertThat(mask[1]).isEqualTo(1f); // the <eos> after "red"
      assertThat(mask[2]).isEqualTo(0f);
      assertThat(values[1]).isLessThan(0f);
    }
  }

  @Test
  void steps_raise_the_log_prob_of_the_trained_answer() {
    List<ScoreRequest> batch = List.of(request("What colour is the circle?", "green"));
    try (TinyLvlm model = TinyLvlm.create(TinyLvlmTest.SMALL, WordTokenizer.forWorld(), 2);
        TinyLvlmTuner tuner = TinyLvlmTuner.builder(model).learningRate(3e-3f).build();
        NDManager manager = NDManager.newBaseManager()) {
      String before = model.id();
      double first = tuner.answerLogProbs(manager, batch).sum().getFloat(0);
      double loss = 0;
      for (int i = 0; i < 5; i++) {
        loss = tuner.step(m -> tuner.answerLogProbs(m, batch).sum().neg().mean());
      }
      double after = tuner.answerLogProbs(manager, batch).sum().getFloat(0);
      assertThat(after).isGreaterThan(first + 0.5);
      assertThat(loss).isGreaterThan(0);
      assertThat(model.id()).isNotEqualTo(before);
    }
  }

  @Test
  void a_step_with_a_non_finite_gradient_is_skipped_and_leaves_the_weights_alone() {
    List<ScoreRequest> batch = List.of(request("What colour is the circle?", "green"));
    try (TinyLvlm model = TinyLvlm.create(TinyLvlmTest.SMALL, WordTokenizer.forWorld(), 2);
        TinyLvlmTuner tuner = TinyLvlmTuner.builder(model).learningRate(3e-3f).build()) {
      String before = model.id();
      // multiplying by NaN makes the loss and every gradient NaN
      double loss = tuner.step(m -> tuner.answerLogProbs(m, batch).sum().neg().mul(Float.NaN));
      assertThat(loss).isNaN();
      assertThat(tuner.skippedSteps()).isEqualTo(1);
      assertThat(model.id()).isEqualTo(before);
      // the next finite step trains from clean (zeroed) gradients
      double next = tuner.step(m -> tuner.answerLogProbs(m, batch).sum().neg().mean());
      assertThat(next).isFinite();
      assertThat(tuner.skippedSteps()).isEqualTo(1);
      assertThat(model.id()).isNotEqualTo(before);
    }
  }

  @Test
  void rejects_a_nested_step_and_a_bad_rate() {
    try (TinyLvlm model = TinyLvlm.create(TinyLvlmTest.SMALL, WordTokenizer.forWorld(), 2);
        TinyLvlmTuner tuner = TinyLvlmTuner.builder(model).build()) {
      assertThatThrownBy(() -> tuner.step(m -> m.create(tuner.step(n -> n.create(1f)))))
          .isExactlyInstanceOf(IllegalStateException.class)
          .hasMessage("step must not be called from inside a step");
      assertThatThrownBy(() -> TinyLvlmTuner.builder(model).learningRate(-1f).build())
          .isExactlyInstanceOf(IllegalArgumentException.class)
          .hasMessage("learning rate must be finite and > 0, but is: -1.0");
    }
  }
}
