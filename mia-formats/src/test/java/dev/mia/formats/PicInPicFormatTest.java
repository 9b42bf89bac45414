package dev.mia.formats;

import static dev.mia.formats.GridFormatTest.region;
import static dev.mia.formats.GridFormatTest.solid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mia.core.data.Box;
import dev.mia.core.data.Conversation;
import dev.mia.core.data.ImageRef;
import dev.mia.core.data.Layout;
import dev.mia.core.data.MultiImageSample;
import dev.mia.core.data.SftSample;
import dev.mia.core.data.Turn;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PicInPicFormatTest {
  // Golden boxes from the recipe run in Python (methods.md 1c): ar = w / h; if W*0.7/ar <= H*0.7
  // then new_w = int(W*0.7), new_h = int(new_w/ar) else new_h = int(H*0.7), new_w = int(new_h*ar);
  // at ((W-new_w)//2, (H-new_h)//2). Python gives 0 for the last two widths; mia clamps to 1.
  @ParameterizedTest
  @CsvSource({
    "640, 480, 300, 300, 152, 72, 336, 336",
    "640, 480, 1000, 100, 96, 218, 448, 44",
    "100, 50, 1, 1000, 49, 7, 1, 35",
    "1, 1000, 50, 50, 0, 499, 1, 1"
  })
  void inner_box_follows_the_recipe(int bw, int bh, int tw, int th, int x, int y, int w, int h) {
    assertThat(PicInPicFormat.miaDpo().innerBox(bw, bh, tw, th)).isEqualTo(new Box(x, y, w, h));
  }

  @Test
  void pastes_the_scaled_target_in_the_centre() {
    Inset inset = PicInPicFormat.miaDpo().compose(solid(40, 20, 0x0000FF), solid(10, 10, 0xFF0000));
    // 40*0.7/1 = 28 > 20*0.7 = 14: h = 14, w = 14, at (13, 3).
    assertThat(inset.layout()).isEqualTo(new Layout.PicInPic(40, 20, new Box(13, 3, 14, 14)));
    assertThat(region(inset.image(), 13, 3, 14, 14)).containsOnly(0xFF0000);
    assertThat(region(inset.image(), 0, 0, 13, 20)).containsOnly(0x0000FF);
    assertThat(region(inset.image(), 27, 0, 13, 20)).containsOnly(0x0000FF);
  }

  @Test
  void a_one_by_thousand_target_becomes_a_one_pixel_wide_inset() {
    Inset inset =
        PicInPicFormat.miaDpo().compose(solid(100, 50, 0x0000FF), solid(1, 1000, 0x00FF00));
    assertThat(inset.layout().inner()).isEqualTo(new Box(49, 7, 1, 35));
    assertThat(region(inset.image(), 49, 7, 1, 35)).containsOnly(0x00FF00);
    assertThat(region(inset.image(), 48, 7, 1, 35)).containsOnly(0x0000FF);
  }

  @Test
  void every_turn_gets_a_phrase() {
    PicInPicFormat format =
        PicInPicFormat.builder().phrases(List.of("For the inner one", "About the middle")).build();
    SftSample target =
        new SftSample(
            "p",
            List.of(ImageRef.OnDisk.of("gqa/1.jpg")),
            Conversation.of(
                Turn.human("What is it?\n<image>"),
                Turn.assistant("A dog."),
                Turn.human("Is it Big?"),
                Turn.assistant("Yes.")));

    Picture background = Picture.of(solid(20, 20, 0xFFFFFF));
    Picture inner = Picture.of(solid(8, 8, 0));
    MultiImageSample sample =
        format.build(target, inner, List.of(background), new SplittableRandom(5)).get(0);

    assertThat(sample.layout().sources()).containsExactly(background.source(), inner.source());
    assertThat(sample.provenance().companions()).containsExactly(background.source().id());
    assertThat(sample.targetIndex()).isEqualTo(1);
    assertThat(sample.id()).isEqualTo("p-pip");
    assertThat(sample.conversation().turns().get(0).text())
        .isIn("<image>\nFor the inner one, what is it?", "<image>\nAbout the middle, what is it?");
    assertThat(sample.conversation().turns().get(2).text())
        .isIn("For the inner one, is it Big?", "About the middle, is it Big?");
    assertThat(sample.conversation().turns().get(3).text()).isEqualTo("Yes.");
  }

  @Test
  void default_phrases_are_distinct_and_many() {
    assertThat(PicInPicFormat.DEFAULT_PHRASES)
        .hasSizeGreaterThanOrEqualTo(20)
        .doesNotHaveDuplicates();
  }

  @Test
  void rejects_a_scale_above_one() {
    assertThatThrownBy(() -> PicInPicFormat.builder().scale(1.2).build())
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("scale must be in (0, 1], but is: 1.2");
  }
}
