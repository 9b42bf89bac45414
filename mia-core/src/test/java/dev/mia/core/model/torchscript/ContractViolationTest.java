package dev.mia.core.model.torchscript;

import static dev.mia.core.testing.NDAssertions.assertAllClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.mia.core.ModelContractException;
import dev.mia.core.NonFiniteValueException;
import dev.mia.core.model.ScoreOptions;
import dev.mia.core.model.ScoreRequest;
import dev.mia.core.model.Scored;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Modules that break the contract, from mia-core/src/test/python/export_torchscript_fixture.py, and
 * other bad input at load.
 */
class ContractViolationTest {

  @Test
  void rejects_a_file_that_is_not_torchscript(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("notes.pt");
    Files.writeString(file, "these are not the weights you are looking for");
    TorchScriptVisionLanguageModelBuilder builder =
        TorchScriptVisionLanguageModel.builder(file, Fixtures.tokenizer(), Fixtures.preprocessor())
            .imageGrid(4, 4);

    assertThatThrownBy(builder::build)
        .isExactlyInstanceOf(ModelLoadException.class)
        .hasMessageStartingWith(
            "cannot load TorchScript model " + file + ": not a TorchScript archive: ")
        .satisfies(e -> assertThat(((ModelLoadException) e).file()).isEqualTo(file));
  }

  @Test
  void rejects_a_missing_file(@TempDir Path dir) {
    Path file = dir.resolve("absent.pt");
    TorchScriptVisionLanguageModelBuilder builder =
        TorchScriptVisionLanguageModel.builder(file, Fixtures.tokenizer(), Fixtures.preprocessor());

    assertThatThrownBy(builder::build)
        .isExactlyInstanceOf(ModelLoadException.class)
        .hasMessage("cannot load TorchScript model " + file + ": no such file");
  }

  @Test
  void rejects_a_module_that_returns_only_logits() {
    assertThatThrownBy(() -> Fixtures.builder("only_logits.pt").build())
        .isExactlyInstanceOf(ModelContractException.class)
        .hasMessage(
            "TorchScript module only_logits.pt: expected at least 2 outputs (logits, then the"
                + " attention of each decoder layer) but got 1");
  }

  @Test
  void rejects_a_module_with_fewer_layers_than_declared() {
    assertThatThrownBy(() -> Fixtures.builder("tiny_lvlm.pt").layerCount(3).build())
        .isExactlyInstanceOf(ModelContractException.class)
        .hasMessage(
            "TorchScript module tiny_lvlm.pt: expected 4 outputs (logits, then the attention of 3"
                + " layers) but got 3");
  }

  @Test
  void rejects_a_vocabulary_mismatch() {
    assertThatThrownBy(() -> Fixtures.builder("wrong_vocab.pt").build())
        .isExactlyInstanceOf(ModelContractException.class)
        .hasMessage(
            "TorchScript module wrong_vocab.pt: expected logits of shape [batch, sequence,"
                + " vocabulary] = (1, 1, 51) but got (1, 1, 7)");
  }

  @Test
  void rejects_logits_of_the_wrong_rank() {
    assertThatThrownBy(() -> Fixtures.builder("rank2_logits.pt").build())
        .isExactlyInstanceOf(ModelContractException.class)
        .hasMessage(
            "TorchScript module rank2_logits.pt: expected logits of shape [batch, sequence,"
                + " vocabulary] = (1, 1, 51) but got (1, 51)");
  }

  @Test
  void rejects_a_tokenizer_that_does_not_know_the_image_token() {
    TorchScriptVisionLanguageModelBuilder builder =
        Fixtures.builder("tiny_lvlm.pt").imageToken("<img>");

    assertThatThrownBy(builder::build)
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "the tokenizer word-level:tokenizer.json:51 does not know the image token '<img>' as"
                + " one token");
  }

  @Test
  void nan_logits_throw_non_finite_value_exception() {
    try (TorchScriptVisionLanguageModel model = Fixtures.builder("nan_logits.pt").build();
        NDManager manager = NDManager.newBaseManager(model.device())) {
      List<ScoreRequest> batch = List.of(new ScoreRequest(Fixtures.circlePrompt(), "red"));

      assertThatThrownBy(() -> model.score(manager, batch, ScoreOptions.DEFAULT))
          .isExactlyInstanceOf(NonFiniteValueException.class)
          .hasMessage("logits predicting the answer of request 0 hold a NaN or infinite value");
    }
  }

  @Test
  void converts_bfloat16_outputs_to_float32_before_any_op() {
    try (TorchScriptVisionLanguageModel model = Fixtures.builder("bf16_lvlm.pt").build();
        NDManager manager = NDManager.newBaseManager(model.device())) {
      Scored scored =
          model.score(
              manager,
              List.of(new ScoreRequest(Fixtures.circlePrompt(), "the circle is red.")),
              ScoreOptions.builder().attentionLayers(0).build());

      assertThat(model.layerCount()).isEqualTo(1);
      assertThat(scored.tokenLogProbs().getDataType()).isEqualTo(DataType.FLOAT32);
      assertThat(scored.attention().get(0).getDataType()).isEqualTo(DataType.FLOAT32);
      // script: "bf16 model log-probs row 0" (log_softmax of the bfloat16 logits cast to float32)
      assertAllClose(
          scored.tokenLogProbs(),
          new double[] {
            -7.223990440368652,
            -3.2186789512634277,
            -8.387858390808105,
            -2.5711097717285156,
            -5.674010753631592
          },
          1e-4,
          1e-4);
    }
  }
}
