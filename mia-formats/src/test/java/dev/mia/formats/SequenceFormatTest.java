package dev.mia.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mia.core.InvalidSampleException;
import dev.mia.core.data.Conversation;
import dev.mia.core.data.ImageRef;
import dev.mia.core.data.Layout;
import dev.mia.core.data.MultiImageSample;
import dev.mia.core.data.SftSample;
import dev.mia.core.data.Turn;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SequenceFormatTest {
  static final ImageRef TARGET = ImageRef.OnDisk.of("coco/target.jpg");
  static final List<ImageRef.OnDisk> COMPANIONS =
      List.of(ImageRef.OnDisk.of("coco/b.jpg"), ImageRef.OnDisk.of("coco/c.jpg"));

  static SftSample twoRounds() {
    return new SftSample(
        "q7",
        List.of(TARGET),
        Conversation.of(
            Turn.human("<image>\nWhat is on the Table?"),
            Turn.assistant("A Cup."),
            Turn.human("Why is it There?"),
            Turn.assistant("For tea.")));
  }

  @Test
  void the_format_interface_records_each_positions_image_and_draws_refusals() {
    Format format = SequenceFormat.withRefusalRate(1.0);
    ImageRef hashed = new ImageRef.OnDisk("coco/target.jpg", "ab".repeat(32));
    List<Picture> companions =
        List.of(Picture.of(COMPANIONS.get(0)), Picture.of(COMPANIONS.get(1)));

    List<MultiImageSample> built =
        format.build(twoRounds(), Picture.of(hashed), companions, new SplittableRandom(3));

    assertThat(built)
        .extracting(MultiImageSample::id)
        .containsExactly("q7-sequence3", "q7-sequence3-refusal");
    for (MultiImageSample sample : built) {
      assertThat(sample.layout().sources())
          .containsExactlyElementsOf(
              sample.images().stream().map(dev.mia.core.data.SourceImage::of).toList());
      assertThat(sample.images()).contains(hashed);
      assertThat(sample.provenance().companions()).containsExactly("coco/b.jpg", "coco/c.jpg");
    }
    assertThat(format.accepts(1)).isFalse();
    assertThat(format.accepts(5)).isTrue();
    assertThat(format.composes()).isFalse();
  }

  @Test
  void first_prefix_lists_every_image_then_names_the_target() {
    assertThat(SequenceFormat.firstPrefix(3, 2))
        .isEqualTo("Image1:<image>\nImage2:<image>\nImage3:<image>\nIn Image2, ");
  }

  @Test
  void rewrites_every_turn_and_names_the_targets_position() {
    for (long seed = 0; seed < 10; seed++) {
      MultiImageSample sample =
          SequenceFormat.miaDpo().build(twoRounds(), COMPANIONS, new SplittableRandom(seed));
      int n = sample.targetIndex() + 1;

      assertThat(sample.images()).hasSize(3).containsAll(COMPANIONS);
      assertThat(sample.images().get(sample.targetIndex())).isEqualTo(TARGET);
      assertThat(sample.conversation().turns())
          .containsExactly(
              Turn.human(
                  "Image1:<image>\nImage2:<image>\nImage3:<image>\nIn Image"
                      + n
                      + ", what is on the Table?"),
              Turn.assistant("A Cup."),
              Turn.human("In image" + n + ", why is it There?"),
              Turn.assistant("For tea."));
      assertThat(sample.layout())
          .isEqualTo(
              new Layout.Sequence(
                  3, sample.images().stream().map(dev.mia.core.data.SourceImage::of).toList()));
      assertThat(sample.id()).isEqualTo("q7-sequence3");
      assertThat(sample.provenance().sourceIds()).containsExactly("q7");
    }
  }

  @Test
  void the_shuffle_puts_the_target_everywhere() {
    java.util.Set<Integer> positions = new java.util.HashSet<>();
    for (long seed = 0; seed < 30; seed++) {
      positions.add(
          SequenceFormat.miaDpo()
              .build(twoRounds(), COMPANIONS, new SplittableRandom(seed))
              .targetIndex());
    }
    assertThat(positions).containsExactlyInAnyOrder(0, 1, 2);
  }

  @Test
  void removes_a_trailing_placeholder_too() {
    SftSample sample =
        SftSample.singleImage("t", TARGET, "Describe the Scene.\n<image>", "A park.");
    MultiImageSample built =
        SequenceFormat.miaDpo().build(sample, COMPANIONS.subList(0, 1), new SplittableRandom(1));
    assertThat(built.conversation().turns().get(0).text()).endsWith(", describe the Scene.");
  }

  @Test
  void refusal_asks_about_a_missing_image() {
    MultiImageSample refusal =
        SequenceFormat.withRefusalRate(1.0)
            .buildRefusal(twoRounds(), COMPANIONS, new SplittableRandom(3));

    assertThat(refusal.conversation().turns())
        .containsExactly(
            Turn.human(
                "Image1:<image>\nImage2:<image>\nImage3:<image>\nIn Image4, what is on the Table?"),
            Turn.assistant("You only provided 3 images, Image4 does not exist."));
    assertThat(refusal.id()).isEqualTo("q7-sequence3-refusal");
    assertThat(refusal.images().get(refusal.targetIndex())).isEqualTo(TARGET);
    assertThat(refusal.provenance().stages().get(0).name())
        .isEqualTo("mia-formats/sequence-refusal");
  }

  @Test
  void rejects_no_companion() {
    assertThatThrownBy(
            () -> SequenceFormat.miaDpo().build(twoRounds(), List.of(), new SplittableRandom(1)))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("companions must hold at least 1 image, but has 0");
  }

  @Test
  void rejects_a_two_image_target() {
    SftSample two =
        new SftSample(
            "two",
            List.of(TARGET, TARGET),
            Conversation.singleRound("<image><image>\nSame?", "Yes."));
    assertThatThrownBy(
            () -> SequenceFormat.miaDpo().build(two, COMPANIONS, new SplittableRandom(1)))
        .isExactlyInstanceOf(InvalidSampleException.class)
        .hasMessage(
            "sample 'two': a sequence is built from a single-image sample, but it has 2 images");
  }

  @Test
  void rejects_a_refusal_rate_outside_zero_one() {
    assertThatThrownBy(() -> SequenceFormat.withRefusalRate(1.5))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("refusalRate must be in [0, 1], but is: 1.5");
  }
}
