package dev.mia.core.model.torchscript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mia.core.DataFormatException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class WordLevelTokenizerTest {
  private final WordLevelTokenizer tokenizer = Fixtures.tokenizer();

  @Test
  void splits_words_and_punctuation_as_the_fixture_script() {
    // script: "answer 0 ids: [13, 22, 11, 18, 16]" for "the circle is red."
    assertThat(tokenizer.encode("the circle is red.")).containsExactly(13, 22, 11, 18, 16);
    assertThat(tokenizer.encode("")).isEmpty();
  }

  @Test
  void maps_unknown_words_to_unk_and_decodes_with_spaces() {
    List<Integer> ids = tokenizer.encode("a zebra?");
    assertThat(ids).containsExactly(14, 1, 15);
    assertThat(tokenizer.decode(ids)).isEqualTo("a <unk> ?");
  }

  @Test
  void knows_special_tokens_as_single_tokens() {
    assertThat(tokenizer.tokenId("<image>")).hasValue(4);
    assertThat(tokenizer.tokenId("</s>")).hasValue(3);
    assertThat(tokenizer.tokenId("<img>")).isEmpty();
    assertThat(tokenizer.vocabularySize()).isEqualTo(51);
    assertThat(tokenizer.id()).isEqualTo("word-level:tokenizer.json:51");
  }

  @Test
  void rejects_ids_outside_the_vocabulary() {
    assertThatThrownBy(() -> tokenizer.decode(List.of(3, 51)))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("token ids must be in [0, 51), but one is: 51");
  }

  @Test
  void rejects_a_tokenizer_json_of_another_model_type() {
    InputStream json =
        new ByteArrayInputStream(
            "{\"model\": {\"type\": \"BPE\", \"vocab\": {}}}".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> WordLevelTokenizer.fromJson(json, "bpe/tokenizer.json"))
        .isExactlyInstanceOf(DataFormatException.class)
        .hasMessageEndingWith(": model.type must be WordLevel, but is: BPE");
  }

  @Test
  void rejects_ids_with_gaps() {
    InputStream json =
        new ByteArrayInputStream(
            "{\"model\": {\"type\": \"WordLevel\", \"vocab\": {\"a\": 0, \"b\": 2}}}"
                .getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> WordLevelTokenizer.fromJson(json, "gap.json"))
        .isExactlyInstanceOf(DataFormatException.class)
        .hasMessageEndingWith(
            ": model.vocab ids must be the distinct integers 0..1, but token 'b' has id 2");
  }
}
