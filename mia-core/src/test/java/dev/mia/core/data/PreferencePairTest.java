package dev.mia.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mia.core.InvalidSampleException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PreferencePairTest {
  private static final Conversation PROMPT = Conversation.of(Turn.human("<image>\nWhat is it?"));
  private static final List<ImageRef> ONE_IMAGE = List.of(ImageRef.OnDisk.of("a.jpg"));

  @Test
  void builds_with_defaults() {
    PreferencePair pair =
        PreferencePair.builder("p1", PROMPT, "A cat.", "A dog.").images(ONE_IMAGE).build();

    assertThat(pair.weight()).isEqualTo(1.0);
    assertThat(pair.optionalTokenWeights()).isEmpty();
    assertThat(pair.provenance()).isEqualTo(Provenance.EMPTY);
  }

  @Test
  void to_builder_round_trips() {
    PreferencePair pair =
        PreferencePair.builder("p1", PROMPT, "A cat.", "A dog.")
            .images(ONE_IMAGE)
            .weight(0.5)
            .tokenWeights(TokenWeights.of(new float[] {1, 5}, new float[] {5, 1}))
            .provenance(
                Provenance.from("coco-1")
                    .with(Provenance.Stage.of("ppl", "threshold=1.1", Map.of("ppl", 1.4))))
            .build();

    assertThat(pair.toBuilder().build()).isEqualTo(pair);
  }

  @Test
  void rejects_identical_answers() {
    assertThatThrownBy(
            () ->
                PreferencePair.builder("p2", PROMPT, "A cat.", "A cat.").images(ONE_IMAGE).build())
        .isExactlyInstanceOf(InvalidSampleException.class)
        .hasMessage("sample 'p2': the chosen and rejected answers are identical");
  }

  @Test
  void rejects_an_empty_rejected_answer() {
    assertThatThrownBy(
            () -> PreferencePair.builder("p3", PROMPT, "A cat.", "").images(ONE_IMAGE).build())
        .isExactlyInstanceOf(InvalidSampleException.class)
        .hasMessage("sample 'p3': the rejected answer is empty");
  }

  @Test
  void rejects_a_prompt_that_ends_with_an_answer() {
    Conversation answered = Conversation.singleRound("<image>\nWhat is it?", "A cat.");
    assertThatThrownBy(
            () ->
                PreferencePair.builder("p4", answered, "A cat.", "A dog.")
                    .images(ONE_IMAGE)
                    .build())
        .isExactlyInstanceOf(InvalidSampleException.class)
        .hasMessage("sample 'p4': the prompt ends with an answer instead of a question");
  }

  @Test
  void rejects_missing_images() {
    assertThatThrownBy(() -> PreferencePair.builder("p5", PROMPT, "A cat.", "A dog.").build())
        .isExactlyInstanceOf(InvalidSampleException.class)
        .hasMessage(
            "sample 'p5': the conversation has 1 <image> placeholder but there are 0 images");
  }

  @Test
  void rejects_a_negative_weight() {
    assertThatThrownBy(
            () ->
                PreferencePair.builder("p6", PROMPT, "A cat.", "A dog.")
                    .images(ONE_IMAGE)
                    .weight(-1)
                    .build())
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("weight must be finite and >= 0, but is: -1.0");
  }

  @Test
  void rejects_a_nan_token_weight() {
    assertThatThrownBy(() -> TokenWeights.of(new float[] {1, Float.NaN}, new float[] {1}))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("chosen weight 1 must be finite and >= 0, but is: NaN");
  }

  @Test
  void token_weights_are_copied_in_and_out() {
    float[] chosen = {1, 2};
    TokenWeights weights = TokenWeights.of(chosen, new float[] {3});
    chosen[0] = 9;
    weights.chosen()[1] = 9;

    assertThat(weights.chosen()).containsExactly(1, 2);
  }
}
