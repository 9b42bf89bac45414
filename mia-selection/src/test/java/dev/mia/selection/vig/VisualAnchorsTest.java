package dev.mia.selection.vig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import dev.mia.core.NonFiniteValueException;
import dev.mia.core.data.Conversation;
import dev.mia.core.data.Turn;
import dev.mia.core.model.ImageSpan;
import dev.mia.core.model.ImageSpans;
import dev.mia.core.model.Prompt;
import dev.mia.core.model.ScoreRequest;
import dev.mia.selection.image.ImageTransform;
import dev.mia.selection.testing.ScriptedModel;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VisualAnchorsTest {
  private static final ImageSpans SPANS = ImageSpans.of(ImageSpan.square(1, 2));

  private NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  private static Prompt prompt() {
    BufferedImage white = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    white.setRGB(0, 0, 0xFFFFFF);
    return new Prompt(List.of(white), Conversation.of(Turn.human("<image>\nWhat colour?")));
  }

  private static boolean seesImage(ScoreRequest request) {
    return (request.prompt().images().get(0).getRGB(0, 0) & 0xFFFFFF) == 0xFFFFFF;
  }

  @Test
  void anchors_both_answers_with_one_corrupted_image_in_one_call() {
    // Chosen "Red." with the image (-0.2, -1) and corrupted (-1.7, -1): anchors (1.5, 0);
    // rejected "Blue." (-3, -0.5) vs (-0.5, -0.5): anchors (-2.5, 0).
    List<Integer> noiseSeeds = new ArrayList<>();
    ImageTransform noise =
        new ImageTransform() {
          @Override
          public String name() {
            return "black";
          }

          @Override
          public BufferedImage apply(BufferedImage image, long seed) {
            noiseSeeds.add(Long.hashCode(seed));
            return new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
          }
        };
    ScriptedModel model =
        ScriptedModel.scoring(
            (request, options) -> {
              boolean red = request.answer().equals("Red.");
              float[] lp =
                  seesImage(request)
                      ? (red ? new float[] {-0.2f, -1f} : new float[] {-3f, -0.5f})
                      : (red ? new float[] {-1.7f, -1f} : new float[] {-0.5f, -0.5f});
              return new ScriptedModel.ScoreReply(lp, SPANS);
            });

    List<PairAnchors> anchors =
        VisualAnchors.of(noise, 9L)
            .score(manager, model, List.of(new AnchorRequest("p1", prompt(), "Red.", "Blue.")));

    assertThat(model.calls()).hasSize(1);
    assertThat(model.calls().get(0).batchSize()).isEqualTo(4);
    assertThat(noiseSeeds).hasSize(2).containsOnly(noiseSeeds.get(0));
    assertThat(anchors.get(0).pairId()).isEqualTo("p1");
    assertThat(anchors.get(0).chosen()).containsExactly(new float[] {1.5f, 0f}, within(1e-6f));
    assertThat(anchors.get(0).rejected()).containsExactly(new float[] {-2.5f, 0f}, within(1e-6f));
  }

  @Test
  void nan_log_probs_name_the_pair() {
    ScriptedModel model =
        ScriptedModel.scoring(
            (request, options) -> new ScriptedModel.ScoreReply(new float[] {Float.NaN}, SPANS));

    assertThatThrownBy(
            () ->
                VisualAnchors.of(ImageTransform.gaussianBlur(1), 1L)
                    .score(manager, model, List.of(new AnchorRequest("p9", prompt(), "a", "b"))))
        .isExactlyInstanceOf(NonFiniteValueException.class)
        .hasMessageStartingWith("sample 'p9'");
    assertThatThrownBy(
            () ->
                VisualAnchors.of(ImageTransform.gaussianBlur(1), 1L)
                    .score(manager, model, List.of()))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("pairs must not be empty");
  }
}
