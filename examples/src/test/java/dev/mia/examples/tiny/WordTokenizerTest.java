package dev.mia.examples.tiny;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class WordTokenizerTest {
  private final WordTokenizer tokenizer = WordTokenizer.forWorld();

  @Test
  void encodes_and_decodes_world_text() {
    String caption =
        "there are two objects: a large red circle at the top left and a small blue square.";
    List<Integer> ids = tokenizer.encode(caption);
    assertThat(tokenizer.decode(ids)).isEqualTo(caption);
    assertThat(tokenizer.decode(tokenizer.encode("Is there a circle in the image?")))
        .isEqualTo("is there a circle in the image?");
  }

  @Test
  void image_placeholder_is_one_token_even_without_spaces() {
    assertThat(tokenizer.encode("<image>\nWhat colour is the circle?"))
        .startsWith(tokenizer.id(WordTokenizer.IMAGE), tokenizer.id("what"));
    assertThat(tokenizer.encode("<image>what")).hasSize(2);
  }

  @Test
  void special_tokens_have_fixed_ids_and_are_skipped_when_decoding() {
    assertThat(tokenizer.id(WordTokenizer.PAD)).isZero();
    assertThat(tokenizer.id(WordTokenizer.EOS)).isEqualTo(2);
    assertThat(tokenizer.decode(List.of(1, tokenizer.id("yes"), 2))).isEqualTo("yes");
  }

  @Test
  void rejects_unknown_words_naming_them() {
    assertThatThrownBy(() -> tokenizer.encode("Is there a dog?"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("the tiny model's vocabulary has no word 'dog' (in text: Is there a dog?)");
  }

  @Test
  void rejects_role_markers_inside_text() {
    assertThatThrownBy(() -> tokenizer.encode("USER: hi"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("the tiny model's vocabulary has no word 'user' (in text: USER: hi)");
  }
}
