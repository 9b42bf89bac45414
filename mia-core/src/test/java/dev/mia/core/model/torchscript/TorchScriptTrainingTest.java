package dev.mia.core.model.torchscript;

import static dev.mia.core.testing.NDAssertions.assertAllClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import dev.mia.core.model.EncodedPrompt;
import dev.mia.core.model.ModelTokenizer;
import dev.mia.core.model.Prompt;
import dev.mia.core.model.TokenScores;
import dev.mia.core.model.TokenSequence;
import dev.mia.core.model.TrainingOutput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/** The adapter as a {@link dev.mia.core.model.TrainableVisionLanguageModel} on tiny_lvlm.pt. */
@ResourceLock("djl-gradient-collector")
class TorchScriptTrainingTest {

  /** Prompt, answer and suffix as the training path collates them. */
  static TokenSequence row(ModelTokenizer tokenizer, Prompt prompt, String answer) {
    EncodedPrompt p = tokenizer.encodePrompt(prompt);
    List<Integer> ids = new ArrayList<>(p.ids());
    ids.addAll(tokenizer.encodeAnswer(answer));
    ids.addAll(tokenizer.answerSuffix());
    return new TokenSequence(prompt.images(), ids, p.length(), p.imageSpans());
  }

  private static List<TokenSequence> twoRows(TorchScriptVisionLanguageModel model) {
    return List.of(
        row(model.tokenizer(), Fixtures.circlePrompt(), "the circle is red."),
        row(model.tokenizer(), Fixtures.twoImagePrompt(), "2"));
  }

  @Test
  void the_tokenizer_follows_every_answer_with_the_end_token_and_names_its_setup() {
    try (TorchScriptVisionLanguageModel model = Fixtures.builder("tiny_lvlm.pt").build()) {
      // script: "answer 1 ids: [50]"; </s> is id 3
      assertThat(model.tokenizer().encodeAnswer("2")).containsExactly(50);
      assertThat(model.tokenizer().answerSuffix()).containsExactly(3);
      assertThat(model.tokenizer().configId())
          .startsWith("torchscript/word-level:tokenizer.json:51/template=")
          .contains("/image=<image>:4x4/begin=<s>/suffix=</s>/pad=<pad>/images=ResizeNormalize[");
      assertThat(model.maxSequenceLength()).isEqualTo(64);
    }
  }

  @Test
  void token_scores_equal_the_scripts_log_probs_and_end_with_the_end_token() {
    try (TorchScriptVisionLanguageModel model = Fixtures.builder("tiny_lvlm.pt").build();
        NDManager manager = NDManager.newBaseManager(model.device())) {
      TokenScores scores = model.scoreTokens(manager, twoRows(model), TrainingOutput.LOG_PROBS);
      assertThat(scores.logProbs().getShape()).isEqualTo(new Shape(2, 6));
      assertThat(scores.logProbs().getManager()).isSameAs(manager);
      assertThat(scores.mask().toFloatArray()).containsExactly(1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0);
      assertThat(scores.labels().toLongArray())
          .containsExactly(13, 22, 11, 18, 16, 3, 50, 3, 0, 0, 0, 0);
      // the answer tokens: script "batch log-probs row 0" and "row 1"
      assertAllClose(
          scores.logProbs().get("0, :5"),
          new double[] {
            -7.789748668670654,
            -8.06374454498291,
            -10.548064231872559,
            -5.842585563659668,
            -3.1928601264953613
          },
          1e-4,
          1e-4);
      assertAllClose(scores.logProbs().get("1, :1"), new double[] {-5.590859413146973}, 1e-4, 1e-4);
      // the end tokens are scored too, and padding is 0
      float[] lp = scores.logProbs().toFloatArray();
      assertThat(lp[5]).isNegative();
      assertThat(lp[7]).isNegative();
      assertThat(new float[] {lp[8], lp[9], lp[10], lp[11]}).containsOnly(0f);
      assertThat(scores.logProbs().hasGradient()).isFalse();
    }
  }

  @Test
  void gradients_reach_every_parameter_of_the_module() {
    try (TorchScriptVisionLanguageModel model = Fixtures.builder("tiny_lvlm.pt").build();
        NDManager manager = NDManager.newBaseManager(model.device())) {
      List<String> names = new ArrayList<>();
      model.trainableParameters().forEach(p -> names.add(p.getKey()));
      assertThat(names).contains("tok.weight", "head.weight", "head.bias", "block1.qkv.weight");

      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        TokenScores scores = model.scoreTokens(manager, twoRows(model), TrainingOutput.LOG_PROBS);
        collector.backward(scores.logProbs().mul(scores.mask()).sum());
      }

      for (Pair<String, Parameter> p : pairs(model)) {
        NDArray gradient = p.getValue().getArray().getGradient();
        assertThat(gradient.abs().sum().getFloat()).as(p.getKey()).isGreaterThan(0f);
        gradient.subi(gradient);
      }
    }
  }

  @Test
  void a_trained_module_changes_its_id_and_saves_and_reloads_with_its_weights(@TempDir Path dir) {
    Path saved = dir.resolve("trained.pt");
    float[] trainedScores;
    String trainedId;
    try (TorchScriptVisionLanguageModel model = Fixtures.builder("tiny_lvlm.pt").build();
        NDManager manager = NDManager.newBaseManager(model.device())) {
      String before = model.id();
      float[] original =
          model
              .scoreTokens(manager, twoRows(model), TrainingOutput.LOG_PROBS)
              .logProbs()
              .toFloatArray();
      Parameter head = model.trainableParameters().get("head.bias");
      head.getArray().addi(manager.ones(head.getArray().getShape()).cumSum().mul(0.01f));
      model.weightsChanged();
      trainedScores =
          model
              .scoreTokens(manager, twoRows(model), TrainingOutput.LOG_PROBS)
              .logProbs()
              .toFloatArray();
      trainedId = model.id();

      assertThat(trainedScores).isNotEqualTo(original);
      assertThat(trainedId).startsWith(before + "+trained@sha256:").isNotEqualTo(before);
      model.saveModule(saved);
    }
    try (TorchScriptVisionLanguageModel reloaded =
            Fixtures.builder("tiny_lvlm.pt").build().getClass() == null
                ? null
                : TorchScriptVisionLanguageModel.builder(
                        saved, Fixtures.tokenizer(), Fixtures.preprocessor())
                    .imageGrid(4, 4)
                    .beginToken("<s>")
                    .endToken("</s>")
                    .padToken("<pad>")
                    .maxSequenceLength(64)
                    .build();
        NDManager manager = NDManager.newBaseManager(reloaded.device())) {
      assertThat(reloaded.layerCount()).isEqualTo(2);
      assertThat(
              reloaded
                  .scoreTokens(manager, twoRows(reloaded), TrainingOutput.LOG_PROBS)
                  .logProbs()
                  .toFloatArray())
          .containsExactly(trainedScores);
    }
  }

  @Test
  void hidden_states_are_refused_by_a_module_without_them() {
    try (TorchScriptVisionLanguageModel model = Fixtures.builder("tiny_lvlm.pt").build();
        NDManager manager = NDManager.newBaseManager(model.device())) {
      assertThatThrownBy(
              () -> model.scoreTokens(manager, twoRows(model), TrainingOutput.HIDDEN_STATES))
          .isExactlyInstanceOf(UnsupportedOperationException.class);
    }
  }

  private static List<Pair<String, Parameter>> pairs(TorchScriptVisionLanguageModel model) {
    List<Pair<String, Parameter>> out = new ArrayList<>();
    model.trainableParameters().forEach(p -> out.add(new Pair<>(p.getKey(), p.getValue())));
    return out;
  }
}
