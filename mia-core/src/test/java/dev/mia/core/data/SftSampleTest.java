package dev.mia.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mia.core.InvalidSampleException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SftSampleTest {
  private static final ImageRef CAT = ImageRef.OnDisk.of("coco/cat.jpg");

  @Test
  void accepts_a_llava_style_sample() {
    SftSample sample =
        new SftSample(
            "coco-1",
            List.of(CAT),
            Conversation.of(
                Turn.human("<image>\nWhat animal is this?"),
                Turn.assistant("A cat."),
                Turn.human("What colour is it?"),
                Turn.assistant("Black.")));

    assertThat(sample.conversation().questions())
        .containsExactly("<image>\nWhat animal is this?", "What colour is it?");
    assertThat(sample.conversation().answers()).containsExactly("A cat.", "Black.");
    assertThat(sample.conversation().imagePlaceholderCount()).isEqualTo(1);
  }

  @Test
  void accepts_a_text_only_sample() {
    SftSample sample =
        new SftSample("text-1", List.of(), Conversation.singleRound("Hello?", "Hi."));

    assertThat(sample.images()).isEmpty();
  }

  @Test
  void single_image_factory_adds_the_placeholder() {
    SftSample sample = SftSample.singleImage("s", CAT, "What is it?", "A cat.");

    assertThat(sample.conversation().turns().get(0).text()).isEqualTo("<image>\nWhat is it?");
  }

  @Test
  void rejects_an_empty_conversation() {
    assertThatThrownBy(() -> new SftSample("s1", List.of(), Conversation.of()))
        .isExactlyInstanceOf(InvalidSampleException.class)
        .hasMessage("sample 's1': the conversation is empty");
  }

  @Test
  void rejects_an_empty_answer() {
    assertThatThrownBy(
            () ->
                new SftSample(
                    "s2", List.of(CAT), Conversation.singleRound("<image>\nWhat is it?", "  ")))
        .isExactlyInstanceOf(InvalidSampleException.class)
        .hasMessage("sample 's2': answer in turn 1 is empty");
  }

  @Test
  void rejects_placeholders_that_do_not_match_the_images() {
    assertThatThrownBy(
            () ->
                new SftSample(
                    "s3",
                    List.of(CAT),
                    Conversation.singleRound("<image>\n<image>\nCompare them.", "Same.")))
        .isExactlyInstanceOf(InvalidSampleException.class)
        .hasMessage(
            "sample 's3': the conversation has 2 <image> placeholders but there is 1 image");
  }

  @Test
  void rejects_an_image_without_placeholder() {
    assertThatThrownBy(
            () -> new SftSample("s4", List.of(CAT), Conversation.singleRound("What?", "A cat.")))
        .isExactlyInstanceOf(InvalidSampleException.class)
        .hasMessage(
            "sample 's4': the conversation has 0 <image> placeholders but there is 1 image");
  }

  @Test
  void rejects_turns_that_do_not_alternate() {
    assertThatThrownBy(
            () ->
                new SftSample(
                    "s5",
                    List.of(),
                    Conversation.of(
                        Turn.human("Hi?"), Turn.human("Hello?"), Turn.assistant("Hi."))))
        .isExactlyInstanceOf(InvalidSampleException.class)
        .hasMessage("sample 's5': turn 1 is from HUMAN but ASSISTANT was expected");
  }

  @Test
  void rejects_an_unanswered_question() {
    assertThatThrownBy(
            () ->
                new SftSample(
                    "s6",
                    List.of(),
                    Conversation.of(Turn.human("Hi?"), Turn.assistant("Hi."), Turn.human("And?"))))
        .isExactlyInstanceOf(InvalidSampleException.class)
        .hasMessage("sample 's6': the conversation ends with a question that has no answer");
  }

  @Test
  void rejects_a_blank_id() {
    assertThatThrownBy(
            () -> new SftSample(" ", List.of(), Conversation.singleRound("Hi?", "Hello.")))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("id must not be blank");
  }

  @Test
  void copies_the_image_list() {
    List<ImageRef> images = new java.util.ArrayList<>(List.of(CAT));
    SftSample sample = SftSample.singleImage("s", CAT, "Q?", "A.");
    SftSample copy = new SftSample("s", images, sample.conversation());
    images.clear();

    assertThat(copy.images()).containsExactly(CAT);
  }
}
