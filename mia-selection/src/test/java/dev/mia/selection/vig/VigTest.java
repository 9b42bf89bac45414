package dev.mia.selection.vig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import dev.mia.core.InvalidSampleException;
import dev.mia.core.NonFiniteValueException;
import dev.mia.core.data.Conversation;
import dev.mia.core.data.Turn;
import dev.mia.core.model.ImageSpan;
import dev.mia.core.model.ImageSpans;
import dev.mia.core.model.Prompt;
import dev.mia.selection.image.ImageTransform;
import dev.mia.selection.testing.ScriptedModel;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VigTest {
  private static final ImageSpans SPANS = ImageSpans.of(ImageSpan.square(1, 2));
  private static final ImageTransform BLANK =
      ImageTransform.of("blank", image -> new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB));

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

  private static boolean seesImage(Prompt prompt) {
    return (prompt.images().get(0).getRGB(0, 0) & 0xFFFFFF) == 0xFFFFFF;
  }

  @Test
  void vig_is_positive_where_the_image_helps_zero_where_it_does_not_and_negative_where_it_hurts() {
    // Token 0 is helped (-0.1 with vs -2.0 without), token 1 unaffected (-1 vs -1), token 2 hurt
    // (-3.0 with vs -0.5 without): VIG = 1.9, 0, -2.5 and the mean (1.9 + 0 - 2.5) / 3 = -0.2.
    ScriptedModel model =
        ScriptedModel.scoring(
            (request, options) ->
                new ScriptedModel.ScoreReply(
                    seesImage(request.prompt())
                        ? new float[] {-0.1f, -1f, -3f}
                        : new float[] {-2f, -1f, -0.5f},
                    SPANS));
    List<VigScore> scores =
        VigScorer.of(BLANK, 1L)
            .score(manager, model, List.of(new VigRequest("v1", prompt(), "The bus is red.")));
    float[] vig = scores.get(0).tokenVig();
    assertThat(vig[0]).isCloseTo(1.9f, within(1e-6f));
    assertThat(vig[1]).isZero();
    assertThat(vig[2]).isCloseTo(-2.5f, within(1e-6f));
    assertThat(scores.get(0).sampleVig()).isCloseTo(-0.2, within(1e-6));
  }

  @Test
  void scores_both_passes_in_one_batch_with_the_images_first() {
    ScriptedModel model =
        ScriptedModel.scoring(
            (request, options) ->
                new ScriptedModel.ScoreReply(
                    seesImage(request.prompt()) ? new float[] {-1f} : new float[] {-2f, -2f},
                    SPANS));
    // Answers of different lengths would be padded; here the scripted model breaks the contract
    // by giving the two passes different lengths, which the scorer must catch.
    assertThatThrownBy(
            () ->
                VigScorer.of(BLANK, 1L)
                    .score(manager, model, List.of(new VigRequest("v2", prompt(), "Red."))))
        .isExactlyInstanceOf(dev.mia.core.ModelContractException.class)
        .hasMessage(
            "sample 'v2': the answer mask differs between the pass with the image and the pass"
                + " with the weakened image at token 1");
    ScriptedModel fine =
        ScriptedModel.scoring(
            (request, options) -> new ScriptedModel.ScoreReply(new float[] {-1f}, SPANS));
    VigScorer.of(BLANK, 1L)
        .score(
            manager,
            fine,
            List.of(new VigRequest("a", prompt(), "Red."), new VigRequest("b", prompt(), "Blue.")));
    assertThat(fine.calls()).hasSize(1);
    assertThat(fine.calls().get(0).batchSize()).isEqualTo(4);
    List<Object> rows = fine.calls().get(0).requests();
    assertThat(rows)
        .extracting(r -> seesImage(((dev.mia.core.model.ScoreRequest) r).prompt()))
        .containsExactly(true, true, false, false);
  }

  @Test
  void nan_log_probs_and_bad_samples_name_the_sample() {
    ScriptedModel model =
        ScriptedModel.scoring(
            (request, options) ->
                new ScriptedModel.ScoreReply(
                    seesImage(request.prompt())
                        ? new float[] {-1f, Float.NaN}
                        : new float[] {-1f, -1f},
                    SPANS));
    assertThatThrownBy(
            () ->
                VigScorer.of(BLANK, 1L)
                    .score(manager, model, List.of(new VigRequest("v3", prompt(), "Red."))))
        .isExactlyInstanceOf(NonFiniteValueException.class)
        .hasMessage("sample 'v3': log-prob of token 1 is NaN with the image");
    assertThatThrownBy(() -> new VigRequest("v4", prompt(), "  "))
        .isExactlyInstanceOf(InvalidSampleException.class)
        .hasMessage("sample 'v4': the answer is empty");
    Prompt textOnly = new Prompt(List.of(), Conversation.of(Turn.human("Hi")));
    assertThatThrownBy(() -> new VigRequest("v5", textOnly, "Hello."))
        .isExactlyInstanceOf(InvalidSampleException.class)
        .hasMessage("sample 'v5': has no image; VIG is defined for multimodal samples only");
  }

  @Test
  void selects_samples_at_or_above_tau_and_their_tokens_at_or_above_tau() {
    // Sample VIGs 1, 2, 3, 4 and (4 + 1 + 3.5) / 3 = 2.8333; sorted 1, 2, 2.833, 3, 4.
    // p = 70: tau = P30, h = 4 * 0.3 = 1.2: 2 + 0.2 * (2.8333 - 2) = 2.16667.
    List<VigScore> scores =
        List.of(
            VigScore.of("a", new float[] {1f}),
            VigScore.of("b", new float[] {2f}),
            VigScore.of("c", new float[] {3f}),
            VigScore.of("d", new float[] {4f}),
            VigScore.of("e", new float[] {4f, 1f, 3.5f}));
    VigSelection selection = VigSelection.select(scores, VigSelection.DEFAULT_PERCENT);
    assertThat(selection.tau()).isCloseTo(2 + 0.2 * (8.5 / 3 - 2), within(1e-6));
    assertThat(selection.selectedIds()).containsExactly("c", "d", "e");
    assertThat(selection.tokenMask("e"))
        .hasValueSatisfying(m -> assertThat(m).containsExactly(1f, 0f, 1f));
    assertThat(selection.tokenMask("a")).isEmpty();
    // p = 100 keeps everything: tau is the minimum.
    assertThat(VigSelection.select(scores, 100).selectedIds()).hasSize(5);
  }

  @Test
  void selection_sits_exactly_on_tau() {
    // Values 0, 1, 2, 3, 4 and p = 75: h = 4 * 0.25 = 1, tau = 1 exactly; sample "one" (VIG 1)
    // is kept (>=) and its token 0.99 dropped, token 1.01 kept (mean 1.0).
    List<VigScore> scores =
        List.of(
            VigScore.of("zero", new float[] {0f}),
            VigScore.of("one", new float[] {0.5f, 1.5f}),
            VigScore.of("two", new float[] {2f}),
            VigScore.of("three", new float[] {3f}),
            VigScore.of("four", new float[] {4f}));
    VigSelection selection = VigSelection.select(scores, 75);
    assertThat(selection.tau()).isEqualTo(1.0);
    assertThat(selection.selectedIds()).containsExactly("one", "two", "three", "four");
    assertThat(selection.tokenMask("one"))
        .hasValueSatisfying(m -> assertThat(m).containsExactly(0f, 1f));
  }

  @Test
  void rejects_bad_percent_and_non_finite_gains() {
    assertThatThrownBy(() -> VigSelection.select(List.of(VigScore.of("a", new float[] {1f})), 0))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("percent must be in (0, 100], but is: 0.0");
    assertThatThrownBy(() -> VigScore.of("a", new float[] {1f, Float.POSITIVE_INFINITY}))
        .isExactlyInstanceOf(NonFiniteValueException.class)
        .hasMessage("sample 'a': VIG of token 1 is Infinity");
  }
}
