package dev.mia.core.model.torchscript;

import static dev.mia.core.testing.NDAssertions.assertAllClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.mia.core.ModelContractException;
import dev.mia.core.model.ScoreOptions;
import dev.mia.core.model.ScoreRequest;
import dev.mia.core.model.TokenScores;
import dev.mia.core.model.TokenSequence;
import dev.mia.core.model.TrainingOutput;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The contract's optional hidden-state output (hidden_lvlm.pt: tiny_lvlm.pt's weights, also
 * returning the head's input) and a head padded beyond the tokenizer (padded_vocab_lvlm.pt: 64
 * logits for 51 tokens), both written by export_torchscript_fixture.py.
 */
@ResourceLock("djl-gradient-collector")
class HiddenStatesAndPaddingTest {
  private static final double[] ROW0 = {
    -7.789748668670654,
    -8.06374454498291,
    -10.548064231872559,
    -5.842585563659668,
    -3.1928601264953613
  };

  private static List<TokenSequence> rows(TorchScriptVisionLanguageModel model) {
    return List.of(
        TorchScriptTrainingTest.row(
            model.tokenizer(), Fixtures.circlePrompt(), "the circle is red."),
        TorchScriptTrainingTest.row(model.tokenizer(), Fixtures.twoImagePrompt(), "2"));
  }

  /** log_softmax(h W^T + b) at the labels, masked. */
  private static NDArray projected(TokenScores s) {
    NDArray logits = s.hiddenStates().matMul(s.outputWeight().transpose()).add(s.outputBias());
    return logits.logSoftmax(-1).gather(s.labels().expandDims(-1), -1).squeeze(-1).mul(s.mask());
  }

  @Test
  void a_module_with_hidden_states_scores_as_before_and_returns_them_with_its_projection() {
    try (TorchScriptVisionLanguageModel model =
            Fixtures.builder("hidden_lvlm.pt")
                .outputProjection("head.weight", "head.bias")
                .build();
        NDManager manager = NDManager.newBaseManager(model.device())) {
      assertThat(model.layerCount()).isEqualTo(2);
      // script: "hidden model log-probs row 0", equal to tiny_lvlm.pt's
      assertAllClose(
          model
              .score(
                  manager,
                  List.of(new ScoreRequest(Fixtures.circlePrompt(), "the circle is red.")),
                  ScoreOptions.DEFAULT)
              .tokenLogProbs(),
          ROW0,
          1e-4,
          1e-4);

      TokenScores logProbs = model.scoreTokens(manager, rows(model), TrainingOutput.LOG_PROBS);
      TokenScores hidden = model.scoreTokens(manager, rows(model), TrainingOutput.HIDDEN_STATES);

      assertThat(hidden.logProbs()).isNull();
      assertThat(hidden.hiddenStates().getShape()).isEqualTo(new Shape(2, 6, 32));
      assertThat(hidden.outputWeight().getShape()).isEqualTo(new Shape(51, 32));
      assertThat(hidden.outputBias().getShape()).isEqualTo(new Shape(51));
      // script: "hidden model row 0 hidden state predicting answer token 0, first 4"
      assertAllClose(
          hidden.hiddenStates().get("0, 0, :4"),
          new double[] {
            0.8740192651748657, -0.694063663482666, 1.2067391872406006, -3.264010190963745
          },
          1e-4,
          1e-4);
      assertAllClose(projected(hidden), logProbs.logProbs(), 1e-5, 1e-5);
    }
  }

  @Test
  void gradients_flow_through_the_hidden_states_and_the_projection_views() {
    try (TorchScriptVisionLanguageModel model =
            Fixtures.builder("hidden_lvlm.pt")
                .outputProjection("head.weight", "head.bias")
                .build();
        NDManager manager = NDManager.newBaseManager(model.device())) {
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        TokenScores hidden = model.scoreTokens(manager, rows(model), TrainingOutput.HIDDEN_STATES);
        collector.backward(projected(hidden).sum());
      }
      for (String name : List.of("head.weight", "head.bias", "block0.qkv.weight", "tok.weight")) {
        NDArray gradient = model.trainableParameters().get(name).getArray().getGradient();
        assertThat(gradient.abs().sum().getFloat()).as(name).isGreaterThan(0f);
      }
    }
  }

  @Test
  void an_output_projection_needs_hidden_states_and_an_existing_parameter() {
    assertThatThrownBy(
            () -> Fixtures.builder("tiny_lvlm.pt").outputProjection("head.weight", null).build())
        .isExactlyInstanceOf(ModelContractException.class)
        .hasMessage(
            "TorchScript module tiny_lvlm.pt: an output projection (head.weight) is named, but the"
                + " module returns no final hidden states (a last output of rank 3)");
    assertThatThrownBy(
            () ->
                Fixtures.builder("hidden_lvlm.pt").outputProjection("lm_head.weight", null).build())
        .isExactlyInstanceOf(ModelContractException.class)
        .hasMessageStartingWith(
            "TorchScript module hidden_lvlm.pt: expected a parameter named lm_head.weight but its"
                + " parameters are [");
    assertThatThrownBy(
            () -> Fixtures.builder("hidden_lvlm.pt").outputProjection("head.bias", null).build())
        .isExactlyInstanceOf(ModelContractException.class)
        .hasMessage(
            "TorchScript module hidden_lvlm.pt: expected parameter head.bias of shape (51, 32) but"
                + " got (51)");
  }

  @Test
  void a_padded_head_needs_the_vocabulary_size_and_then_scores_as_the_script_did() {
    assertThatThrownBy(() -> Fixtures.builder("padded_vocab_lvlm.pt").build())
        .isExactlyInstanceOf(ModelContractException.class)
        .hasMessage(
            "TorchScript module padded_vocab_lvlm.pt: expected logits of shape [batch, sequence,"
                + " vocabulary] = (1, 1, 51) but got (1, 1, 64)");
    try (TorchScriptVisionLanguageModel model =
            Fixtures.builder("padded_vocab_lvlm.pt").vocabularySize(64).build();
        NDManager manager = NDManager.newBaseManager(model.device())) {
      // script: "padded vocabulary log-probs row 0" and "row 1" (softmax over all 64 logits)
      assertAllClose(
          model
              .score(
                  manager,
                  List.of(
                      new ScoreRequest(Fixtures.circlePrompt(), "the circle is red."),
                      new ScoreRequest(Fixtures.twoImagePrompt(), "2")),
                  ScoreOptions.DEFAULT)
              .tokenLogProbs(),
          new double[] {
            -7.8129730224609375,
            -8.068821907043457,
            -10.55849838256836,
            -5.891820430755615,
            -3.228893280029297,
            -5.649775505065918,
            0,
            0,
            0,
            0
          },
          1e-4,
          1e-4);
      TokenScores tokens = model.scoreTokens(manager, rows(model), TrainingOutput.LOG_PROBS);
      assertAllClose(
          tokens.logProbs().get("0, :5"),
          new double[] {
            -7.8129730224609375,
            -8.068821907043457,
            -10.55849838256836,
            -5.891820430755615,
            -3.228893280029297
          },
          1e-4,
          1e-4);
    }
  }
}
