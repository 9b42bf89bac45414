package dev.mia.loss.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mia.core.data.Conversation;
import dev.mia.core.data.ImageRef;
import dev.mia.core.data.PreferencePair;
import dev.mia.core.data.TokenWeights;
import dev.mia.core.data.Turn;
import dev.mia.core.model.TokenSequence;
import dev.mia.loss.ddpo.Ddpo;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreferenceCollatorTest {
  private static final BufferedImage IMAGE = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
  private static final Conversation PROMPT =
      Conversation.of(Turn.human("<image> what colour is the circle?"));
  private static final PreferenceCollator COLLATOR =
      PreferenceCollator.builder(new WordsTokenizer(4, true)).build();

  private static PreferencePair.Builder pair(String chosen, String rejected) {
    return PreferencePair.builder("p1", PROMPT, chosen, rejected)
        .images(List.of(ImageRef.InMemory.of(IMAGE)));
  }

  @Test
  void rows_are_prompt_answer_and_suffix_with_the_image_span_inside_the_prompt() {
    CollatedPair c = COLLATOR.collate(pair("red", "a big blue ball").build());

    // <bos>, 4 image tokens, 5 words; then the answer and <eos>
    assertThat(c.chosen().ids()).containsExactly(1, 3, 3, 3, 3, 10, 11, 12, 13, 14, 15, 2);
    assertThat(c.chosen().promptLength()).isEqualTo(10);
    assertThat(c.chosen().answerLength()).isEqualTo(2);
    assertThat(c.rejected().ids().subList(10, 15)).containsExactly(17, 18, 16, 20, 2);
    assertThat(c.chosen().imageSpans().get(0).start()).isEqualTo(1);
    assertThat(c.chosen().images()).containsExactly(IMAGE);
    assertThat(c.tokenWeights()).isNull();
    assertThat(c.truncated()).isFalse();
  }

  @Test
  void token_weights_are_aligned_to_the_answer_and_the_suffix_weighs_one() {
    TokenWeights weights = TokenWeights.of(new float[] {5f}, new float[] {1f, 5f, 5f, 1f});
    CollatedPair c = COLLATOR.collate(pair("red", "a big blue ball").tokenWeights(weights).build());

    assertThat(c.tokenWeights().chosen()).containsExactly(5f, 1f);
    assertThat(c.tokenWeights().rejected()).containsExactly(1f, 5f, 5f, 1f, 1f);
  }

  @Test
  void ddpo_gives_pairs_without_weights_the_token_diff_weights() {
    PreferenceCollator ddpo =
        PreferenceCollator.builder(new WordsTokenizer(4, true)).ddpo(Ddpo.PAPER).build();
    // "a big red ball" vs "a small red ball": equal blocks of 1 and 2 tokens are shorter than 3,
    // so DDPO's diff treats the whole answers as one replacement: every answer token gamma 5
    CollatedPair c = ddpo.collate(pair("a big red ball", "a small red ball").build());

    assertThat(c.tokenWeights().chosen()).containsExactly(5f, 5f, 5f, 5f, 1f);
    assertThat(c.tokenWeights().rejected()).containsExactly(5f, 5f, 5f, 5f, 1f);
  }

  @Test
  void token_weights_of_the_wrong_length_name_the_pair() {
    TokenWeights weights = TokenWeights.of(new float[] {5f, 1f}, new float[] {1f, 1f, 1f, 1f});
    PreferencePair p = pair("red", "a big blue ball").tokenWeights(weights).build();

    assertThatThrownBy(() -> COLLATOR.collate(p))
        .isExactlyInstanceOf(CollationException.class)
        .hasMessage("sample 'p1': the chosen answer has 1 tokens but 2 token weights");
  }

  @Test
  void image_spans_that_do_not_match_the_images_name_the_pair() {
    PreferenceCollator forgetful = PreferenceCollator.builder(new WordsTokenizer(4, false)).build();

    assertThatThrownBy(() -> forgetful.collate(pair("red", "blue").build()))
        .isExactlyInstanceOf(CollationException.class)
        .hasMessage(
            "sample 'p1': the prompt has 1 images but the model's tokenizer reports 0"
                + " image-token spans");
  }

  @Test
  void an_answer_that_cannot_be_tokenised_names_the_pair_and_the_side() {
    assertThatThrownBy(() -> COLLATOR.collate(pair("red", "green").build()))
        .isExactlyInstanceOf(CollationException.class)
        .hasMessage("sample 'p1': the rejected answer cannot be tokenised: no word 'green'");
  }

  @Test
  void a_row_over_the_maximum_length_is_refused_by_default() {
    PreferenceCollator short12 =
        PreferenceCollator.builder(new WordsTokenizer(4, true)).maxLength(12).build();

    assertThat(short12.collate(pair("red", "blue").build()).chosen().ids()).hasSize(12);
    assertThatThrownBy(() -> short12.collate(pair("red", "a big blue ball").build()))
        .isExactlyInstanceOf(CollationException.class)
        .hasMessage(
            "sample 'p1': the rejected sequence has 15 tokens (prompt 10, answer 4, suffix 1),"
                + " more than the maximum length 12; shorten it or collate with"
                + " Truncation.ANSWER_END");
  }

  @Test
  void answer_end_truncation_cuts_the_answer_and_its_weights_never_the_prompt() {
    PreferenceCollator cut =
        PreferenceCollator.builder(new WordsTokenizer(4, true))
            .maxLength(12)
            .truncation(Truncation.ANSWER_END)
            .build();
    TokenWeights weights = TokenWeights.of(new float[] {2f}, new float[] {1f, 5f, 5f, 1f});

    CollatedPair c = cut.collate(pair("red", "a big blue ball").tokenWeights(weights).build());

    assertThat(c.truncated()).isTrue();
    assertThat(c.rejected().ids()).hasSize(12).endsWith(17, 18);
    assertThat(c.tokenWeights().rejected()).containsExactly(1f, 5f);
    assertThat(c.chosen().ids()).hasSize(12).endsWith(15, 2);
  }

  @Test
  void a_prompt_that_leaves_no_room_for_an_answer_is_refused_even_when_truncating() {
    PreferenceCollator tiny =
        PreferenceCollator.builder(new WordsTokenizer(4, true))
            .maxLength(10)
            .truncation(Truncation.ANSWER_END)
            .build();

    assertThatThrownBy(() -> tiny.collate(pair("red", "blue").build()))
        .isExactlyInstanceOf(CollationException.class)
        .hasMessage(
            "sample 'p1': the prompt has 10 tokens (4 of them image tokens), which leaves no room"
                + " for an answer token under the maximum length 10; image tokens are never"
                + " truncated");
  }

  @Test
  void images_on_disk_need_a_root_and_are_decoded_from_it(@TempDir Path root) throws Exception {
    ImageIO.write(IMAGE, "png", root.resolve("a.png").toFile());
    PreferencePair p =
        PreferencePair.builder("p2", PROMPT, "red", "blue")
            .images(List.of(ImageRef.OnDisk.of("a.png")))
            .build();

    assertThatThrownBy(() -> COLLATOR.collate(p))
        .isExactlyInstanceOf(CollationException.class)
        .hasMessage(
            "sample 'p2': image 0 is on disk (a.png) but the collator has no image root; set"
                + " PreferenceCollator.Builder.imageRoot");
    TokenSequence row =
        PreferenceCollator.builder(new WordsTokenizer(4, true))
            .imageRoot(root)
            .build()
            .collate(p)
            .chosen();
    assertThat(row.images().get(0).getWidth()).isEqualTo(4);
  }

  @Test
  void an_unreadable_image_names_the_pair(@TempDir Path root) throws Exception {
    Files.writeString(root.resolve("bad.png"), "not an image");
    PreferencePair p =
        PreferencePair.builder("p3", PROMPT, "red", "blue")
            .images(List.of(ImageRef.OnDisk.of("bad.png")))
            .build();
    PreferenceCollator withRoot =
        PreferenceCollator.builder(new WordsTokenizer(4, true)).imageRoot(root).build();

    assertThatThrownBy(() -> withRoot.collate(p))
        .isExactlyInstanceOf(CollationException.class)
        .hasMessageStartingWith("sample 'p3': image 0 cannot be read: ")
        .hasCauseInstanceOf(dev.mia.core.MiaException.class);
  }

  @Test
  void an_empty_list_of_pairs_is_refused() {
    assertThatThrownBy(() -> COLLATOR.collate(List.of()))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("pairs must not be empty");
  }
}
