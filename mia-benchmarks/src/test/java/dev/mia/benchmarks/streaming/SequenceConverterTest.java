package dev.mia.benchmarks.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mia.core.data.Conversation;
import dev.mia.core.data.ImageRef;
import dev.mia.core.data.MultiImageSample;
import dev.mia.core.data.SftSample;
import dev.mia.core.data.Turn;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SequenceConverterTest {
  private static SftSample single(String id, String question, String answer) {
    return SftSample.singleImage(id, ImageRef.OnDisk.of(id + ".jpg"), question, answer);
  }

  @Test
  void rewrites_the_first_question_with_the_sequence_prompt_and_later_ones_with_in_image() {
    Conversation conversation =
        Conversation.of(
            Turn.human("<image>\nWhat is on the table?"),
            Turn.assistant("A cup."),
            Turn.human("Which colour is it?"),
            Turn.assistant("Red."));

    // MIA-DPO's sequence prompt, written out by hand for 3 images with the target second.
    assertThat(SequenceConverter.rewrite(conversation, 3, 2))
        .isEqualTo(
            Conversation.of(
                Turn.human(
                    "Image1:<image>\nImage2:<image>\nImage3:<image>\nIn Image2, what is on the"
                        + " table?"),
                Turn.assistant("A cup."),
                Turn.human("In image2, which colour is it?"),
                Turn.assistant("Red.")));
  }

  @Test
  void skips_the_first_sample_which_has_no_companion_then_pairs_the_second_with_it() {
    SequenceConverter converter = new SequenceConverter(10, 2, 2, 1);

    Optional<MultiImageSample> first = converter.convert(single("a", "Is it red?", "Yes."));
    Optional<MultiImageSample> second = converter.convert(single("b", "Is it blue?", "No."));

    assertThat(first).isEmpty();
    MultiImageSample sample = second.orElseThrow();
    int target = sample.targetIndex();
    assertThat(sample.images())
        .containsExactlyElementsOf(
            target == 0
                ? List.of(ImageRef.OnDisk.of("b.jpg"), ImageRef.OnDisk.of("a.jpg"))
                : List.of(ImageRef.OnDisk.of("a.jpg"), ImageRef.OnDisk.of("b.jpg")));
    assertThat(sample.provenance().sourceIds())
        .containsExactlyElementsOf(target == 0 ? List.of("b", "a") : List.of("a", "b"));
    assertThat(sample.conversation().questions())
        .containsExactly(
            "Image1:<image>\nImage2:<image>\nIn Image" + (target + 1) + ", is it blue?");
  }

  @Test
  void skips_text_only_samples_without_pooling_them() {
    SequenceConverter converter = new SequenceConverter(10, 2, 2, 1);
    SftSample textOnly = new SftSample("t", List.of(), Conversation.singleRound("Hello?", "Hi."));

    assertThat(converter.convert(textOnly)).isEmpty();
    assertThat(converter.convert(single("a", "Q?", "A."))).isEmpty();
  }

  @Test
  void rejects_fewer_than_two_images() {
    assertThatThrownBy(() -> new SequenceConverter(10, 1, 5, 1))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("images must satisfy 2 <= minImages <= maxImages, but are: 1 and 5");
  }
}
