package dev.mia.core.model.torchscript;

import static dev.mia.core.testing.NDAssertions.assertAllClose;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.mia.core.model.ScoreOptions;
import dev.mia.core.model.ScoreRequest;
import dev.mia.core.model.Scored;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs DJL's Hugging Face tokenizers offline on the fixture's tokenizer.json. */
class HuggingFaceTextTokenizerTest {

  @Test
  void encodes_and_decodes_as_the_built_in_word_level_tokenizer() throws Exception {
    WordLevelTokenizer builtIn = Fixtures.tokenizer();
    try (HuggingFaceTextTokenizer hf =
        HuggingFaceTextTokenizer.load(Fixtures.resource("tokenizer.json"))) {
      for (String text :
          List.of("USER: what color is the circle? ASSISTANT:", "a zebra, two triangles.", "")) {
        assertThat(hf.encode(text)).as(text).isEqualTo(builtIn.encode(text));
      }
      List<Integer> ids = builtIn.encode("the circle is red.");
      assertThat(hf.decode(ids)).isEqualTo(builtIn.decode(ids));
      assertThat(hf.tokenId("<image>")).hasValue(4);
      assertThat(hf.tokenId("<img>")).isEmpty();
      assertThat(hf.vocabularySize()).isEqualTo(51);
      assertThat(hf.id()).isEqualTo("huggingface:tokenizer.json:51");
    }
  }

  @Test
  void drives_the_model_like_the_built_in_tokenizer() throws Exception {
    try (HuggingFaceTextTokenizer hf =
            HuggingFaceTextTokenizer.load(Fixtures.resource("tokenizer.json"));
        TorchScriptVisionLanguageModel model =
            TorchScriptVisionLanguageModel.builder(
                    Fixtures.resource("tiny_lvlm.pt"), hf, Fixtures.preprocessor())
                .imageGrid(4, 4)
                .beginToken("<s>")
                .id("tiny")
                .build();
        NDManager manager = NDManager.newBaseManager()) {
      Scored scored =
          model.score(
              manager,
              List.of(new ScoreRequest(Fixtures.twoImagePrompt(), "2")),
              ScoreOptions.DEFAULT);

      // script: "row 1 alone"
      assertAllClose(scored.tokenLogProbs(), new double[] {-5.590859413146973}, 1e-4, 1e-4);
      assertThat(model.id()).isEqualTo("tiny");
    }
  }
}
