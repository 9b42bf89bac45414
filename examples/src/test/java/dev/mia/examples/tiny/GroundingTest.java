package dev.mia.examples.tiny;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.mia.core.data.Conversation;
import dev.mia.core.data.Turn;
import dev.mia.core.model.Prompt;
import dev.mia.core.model.ScoreOptions;
import dev.mia.core.model.ScoreRequest;
import dev.mia.core.model.Scored;
import dev.mia.examples.world.Background;
import dev.mia.examples.world.Colour;
import dev.mia.examples.world.QuestionMaker;
import dev.mia.examples.world.Scene;
import dev.mia.examples.world.SceneObject;
import dev.mia.examples.world.SceneSampler;
import dev.mia.examples.world.Shape;
import dev.mia.examples.world.Size;
import dev.mia.examples.world.WorldQuestion;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

@ResourceLock("djl-gradient-collector")
class GroundingTest {
  private static final int PATCH = 8;

  /** Grounding questions of 60 cell scenes, each grounded on its object's patch. */
  private static List<SftExample> grounded() {
    SceneSampler sampler = SceneSampler.builder(32).cells(true).build();
    List<SftExample> out = new ArrayList<>();
    for (long seed = 0; seed < 60; seed++) {
      Scene scene = sampler.sample(seed);
      BufferedImage image = scene.render();
      for (WorldQuestion q : QuestionMaker.groundingQuestions(scene)) {
        SceneObject named = null;
        for (SceneObject o : scene.objects()) {
          if (q.text().contains(" " + o.shape().word() + " ")
              || q.text().endsWith(" " + o.shape().word() + "?")) {
            named = o;
          }
        }
        assertThat(named).as(q.text()).isNotNull();
        int token = (named.y() / PATCH) * (32 / PATCH) + named.x() / PATCH;
        out.add(
            new SftExample(
                request(image, q.text(), q.answer()), new Grounding(token, named.shape().word())));
      }
    }
    return out;
  }

  private static ScoreRequest request(BufferedImage image, String question, String answer) {
    return new ScoreRequest(
        new Prompt(List.of(image), Conversation.of(Turn.human("<image>\n" + question))), answer);
  }

  /** Head 0 of layer 1: the mean attention from the answer position to the grounded token. */
  private static double attentionOnTarget(TinyLvlm model, List<SftExample> examples) {
    double sum = 0;
    try (NDManager manager = NDManager.newBaseManager()) {
      for (SftExample e : examples) {
        Scored scored =
            model.score(
                manager, List.of(e.request()), ScoreOptions.builder().attentionLayers(1).build());
        int start = scored.imageSpans().get(0).spans().get(0).start();
        float[] row = scored.attention().get(1).get("0,0,0,:").toFloatArray();
        sum += row[start + e.grounding().imageToken()];
      }
    }
    return sum / examples.size();
  }

  /** Head 0's attention on the target after 60 steps with the given grounding weight. */
  private static double trainedAttention(float weight, List<SftExample> examples) {
    try (TinyLvlm model = TinyLvlm.create(TinyLvlmTest.SMALL, WordTokenizer.forWorld(), 3)) {
      TinyLvlmTrainer.builder()
          .steps(60)
          .batchSize(16)
          .learningRate(3e-3f)
          .seed(3)
          .groundingWeight(weight)
          .build()
          .trainExamples(model, examples);
      return attentionOnTarget(model, examples.subList(0, 40));
    }
  }

  @Test
  void the_grounding_loss_puts_head_zero_on_the_named_object_and_without_it_nothing_does() {
    List<SftExample> examples = grounded();
    assertThat(trainedAttention(1f, examples)).isGreaterThan(0.5);
    assertThat(trainedAttention(0f, examples)).isLessThan(0.2);
  }

  @Test
  void a_grounding_outside_the_first_image_or_on_a_word_the_prompt_lacks_is_refused_by_index() {
    List<SftExample> examples = grounded();
    SftExample first = examples.get(0);
    TinyLvlmTrainer trainer = TinyLvlmTrainer.builder().steps(1).batchSize(1).build();
    try (TinyLvlm model = TinyLvlm.create(TinyLvlmTest.SMALL, WordTokenizer.forWorld(), 3)) {
      assertThatThrownBy(
              () ->
                  trainer.trainExamples(
                      model,
                      List.of(first, new SftExample(first.request(), new Grounding(16, "cross")))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("example 1: grounding token 16 is outside its first image's 16 tokens");
      String absent = first.grounding().word().equals("cross") ? "circle" : "cross";
      assertThatThrownBy(
              () ->
                  trainer.trainExamples(
                      model, List.of(new SftExample(first.request(), new Grounding(0, absent)))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("example 0: grounding word '" + absent + "' is not in its prompt");
      assertThatThrownBy(
              () ->
                  trainer.trainExamples(
                      model, List.of(new SftExample(first.request(), new Grounding(0, "zebra")))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("example 0: grounding word 'zebra' is not in its prompt");
    }
  }

  @Test
  void bad_weights_and_groundings_are_refused() {
    assertThatThrownBy(() -> TinyLvlmTrainer.builder().groundingWeight(-0.1f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("groundingWeight must be finite and >= 0, but is: -0.1");
    assertThatThrownBy(() -> TinyLvlmTrainer.builder().groundingWeight(Float.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("groundingWeight must be finite and >= 0, but is: NaN");
    assertThatThrownBy(() -> new Grounding(-1, "circle"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("imageToken must be >= 0, but is: -1");
    assertThatThrownBy(() -> new Grounding(0, " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("word must not be blank");
  }

  @Test
  void grounding_questions_name_each_shape_present_once_four_ways_in_object_order() {
    Scene scene =
        new Scene(
            1,
            32,
            new Background(0x101010, 0x202020, 0, 1),
            List.of(
                new SceneObject(Shape.SQUARE, Colour.BLUE, Size.SMALL, 24, 25),
                new SceneObject(Shape.CROSS, Colour.GREEN, Size.SMALL, 7, 24),
                new SceneObject(Shape.CIRCLE, Colour.RED, Size.LARGE, 8, 8),
                new SceneObject(Shape.CROSS, Colour.WHITE, Size.SMALL, 24, 7)));
    assertThat(
            QuestionMaker.groundingQuestions(scene).stream()
                .map(q -> q.type() + " " + q.text() + " -> " + q.answer())
                .toList())
        .containsExactly(
            "POSITION Where is the square? -> bottom right",
            "POSITION Is the square on the left or on the right? -> right",
            "POSITION Is the square at the top or at the bottom? -> bottom",
            "COLOUR What colour is the square? -> blue",
            "POSITION Where is the circle? -> top left",
            "POSITION Is the circle on the left or on the right? -> left",
            "POSITION Is the circle at the top or at the bottom? -> top",
            "COLOUR What colour is the circle? -> red");
  }
}
