package dev.mia.core.model.torchscript;

import static dev.mia.core.testing.NDAssertions.assertAllClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.mia.core.model.Decoding;
import dev.mia.core.model.GenerateOptions;
import dev.mia.core.model.Generated;
import dev.mia.core.model.GenerationRequest;
import dev.mia.core.model.ImageMask;
import dev.mia.core.model.ImageSpan;
import dev.mia.core.model.ImageSpans;
import dev.mia.core.model.LogitsOutput;
import dev.mia.core.model.Prompt;
import dev.mia.core.model.ScoreOptions;
import dev.mia.core.model.ScoreRequest;
import dev.mia.core.model.Scored;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Loads the committed tiny_lvlm.pt. Golden numbers were printed by
 * mia-core/src/test/python/export_torchscript_fixture.py (torch 1.13, independent of this code: it
 * restates the input building in Python and runs the module there).
 */
class TorchScriptVisionLanguageModelTest {
  private static TorchScriptVisionLanguageModel model;
  private NDManager manager;

  @BeforeAll
  static void load() {
    model = Fixtures.builder("tiny_lvlm.pt").build();
  }

  @AfterAll
  static void unload() {
    model.close();
  }

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager(model.device());
  }

  @AfterEach
  void close() {
    manager.close();
  }

  private static List<ScoreRequest> twoRequests() {
    return List.of(
        new ScoreRequest(Fixtures.circlePrompt(), "the circle is red."),
        new ScoreRequest(Fixtures.twoImagePrompt(), "2"));
  }

  @Test
  void probes_the_layer_count_and_hashes_the_file_into_the_id() {
    assertThat(model.layerCount()).isEqualTo(2);
    assertThat(model.id()).matches("torchscript:tiny_lvlm\\.pt@sha256:[0-9a-f]{64}");
  }

  @Test
  void scores_a_padded_batch_as_the_script_did() {
    Scored scored =
        model.score(
            manager,
            twoRequests(),
            ScoreOptions.builder().attentionLayers(1).logits(LogitsOutput.RETURN).build());

    assertThat(scored.tokenLogProbs().getShape()).isEqualTo(new Shape(2, 5));
    assertThat(scored.tokenLogProbs().getDataType()).isEqualTo(DataType.FLOAT32);
    assertThat(scored.tokenLogProbs().getManager()).isSameAs(manager);
    // script: "batch log-probs row 0" and "row 1" (padding is 0)
    assertAllClose(
        scored.tokenLogProbs(),
        new double[] {
          -7.789748668670654,
          -8.06374454498291,
          -10.548064231872559,
          -5.842585563659668,
          -3.1928601264953613,
          -5.590859413146973,
          0,
          0,
          0,
          0
        },
        1e-4,
        1e-4);
    assertThat(scored.answerMask().toFloatArray()).containsExactly(1, 1, 1, 1, 1, 1, 0, 0, 0, 0);
    // script: "answer 0 ids: [13, 22, 11, 18, 16] answer 1 ids: [50]"
    assertThat(scored.answerTokenIds().toLongArray())
        .containsExactly(13, 22, 11, 18, 16, 50, 0, 0, 0, 0);
    // script: "image starts [3]" and "[6, 25]", 16 tokens each on a 4x4 grid
    assertThat(scored.imageSpans())
        .containsExactly(
            ImageSpans.of(ImageSpan.square(3, 4)),
            ImageSpans.of(ImageSpan.square(6, 4), ImageSpan.square(25, 4)));
    // longest full sequence: prompt 1 (48 tokens) + 1 answer token
    assertThat(scored.attention().keySet()).containsExactly(1);
    NDArray attention = scored.attention().get(1);
    assertThat(attention.getShape()).isEqualTo(new Shape(2, 2, 5, 49));
    // script: "layer 1 row 0 answer token 0 attention mass on image 0 per head"
    assertAllClose(
        attention.get(new NDIndex("0, :, 0, 3:19")).sum(new int[] {1}),
        new double[] {0.16373340785503387, 0.39523375034332275},
        1e-4,
        1e-5);
    // each real attention row sums to 1; keys beyond row 0's 32 tokens get nothing
    assertAllClose(
        attention.get(new NDIndex("0")).sum(new int[] {2}),
        new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1},
        1e-5,
        1e-5);
    assertThat(attention.get(new NDIndex("0, :, :, 32:")).abs().sum().getFloat()).isZero();
    assertThat(scored.logits()).isNotNull();
    assertThat(scored.logits().getShape()).isEqualTo(new Shape(2, 5, 51));
    assertAllClose(
        scored.logits().logSoftmax(-1).get(new NDIndex("1, 0, 50")),
        new double[] {-5.590859413146973},
        1e-4,
        1e-4);
  }

  @Test
  void a_row_scores_the_same_alone_as_in_a_padded_batch() {
    Scored alone = model.score(manager, List.of(twoRequests().get(1)), ScoreOptions.DEFAULT);

    // script: "row 1 alone"
    assertAllClose(alone.tokenLogProbs(), new double[] {-5.590859413146973}, 1e-4, 1e-4);
    assertThat(alone.attention()).isEmpty();
    assertThat(alone.logits()).isNull();
  }

  @Test
  void hiding_every_image_token_matches_the_scripts_masked_pass() {
    Scored scored =
        model.score(
            manager,
            twoRequests(),
            ScoreOptions.builder()
                .imageMask(ImageMask.randomKeep(0.0, 1))
                .attentionLayers(0, 1)
                .build());

    // script: "all image tokens hidden, row 0"
    assertAllClose(
        scored.tokenLogProbs().get(new NDIndex("0")),
        new double[] {
          -6.429446220397949,
          -11.586374282836914,
          -7.352250099182129,
          -5.806668758392334,
          -2.6454851627349854
        },
        1e-4,
        1e-4);
    for (NDArray attention : scored.attention().values()) {
      assertThat(attention.get(new NDIndex("0, :, :, 3:19")).abs().sum().getFloat()).isZero();
      assertThat(attention.get(new NDIndex("1, :, :, 6:22")).abs().sum().getFloat()).isZero();
    }
  }

  @Test
  void a_request_mask_hides_the_image_of_its_own_row_and_equals_the_options_mask_alone() {
    ImageMask none = ImageMask.randomKeep(0.0, 1);
    GenerateOptions visible = GenerateOptions.builder().maxNewTokens(3).attentionLayers(0).build();
    List<Generated> mixed =
        model.generate(
            manager,
            List.of(
                new GenerationRequest(Fixtures.circlePrompt(), "", none),
                GenerationRequest.of(Fixtures.circlePrompt())),
            visible);
    Generated masked =
        model
            .generate(
                manager,
                List.of(GenerationRequest.of(Fixtures.circlePrompt())),
                GenerateOptions.builder()
                    .maxNewTokens(3)
                    .attentionLayers(0)
                    .imageMask(none)
                    .build())
            .get(0);

    assertThat(mixed.get(0).tokenIds()).isEqualTo(masked.tokenIds());
    // the circle prompt's image is tokens 3..18
    assertThat(mixed.get(0).attention().get(0).get(new NDIndex(":, :, 3:19")).sum().getFloat())
        .isZero();
    assertThat(mixed.get(1).attention().get(0).get(new NDIndex(":, :, 3:19")).sum().getFloat())
        .isGreaterThan(0f);
  }

  @Test
  void greedy_generation_matches_the_scripts_kv_less_loop_and_stops_at_the_end_token() {
    List<Generated> out =
        model.generate(
            manager,
            List.of(GenerationRequest.of(Fixtures.circlePrompt())),
            GenerateOptions.builder().maxNewTokens(6).attentionLayers(0).build());

    Generated g = out.get(0);
    // script: "greedy tokens: [6, 49, 22, 1, 36]", then </s> at the sixth step
    assertThat(g.tokenIds()).containsExactly(6, 49, 22, 1, 36);
    assertThat(g.text()).isEqualTo("ASSISTANT 1 circle <unk> left");
    assertAllClose(
        g.stepLogProbs(),
        new double[] {
          -1.2195850610733032,
          -0.9743871092796326,
          -0.3305976390838623,
          -1.0249708890914917,
          -1.34700345993042
        },
        1e-4,
        1e-4);
    assertThat(g.imageSpans()).isEqualTo(ImageSpans.of(ImageSpan.square(3, 4)));
    // 27 prompt tokens + 5 generated; row t is the query at position 26 + t
    NDArray attention = g.attention().get(0);
    assertThat(attention.getShape()).isEqualTo(new Shape(2, 5, 32));
    assertThat(attention.get(new NDIndex(":, 0, 27:")).abs().sum().getFloat()).isZero();
    assertAllClose(
        attention.sum(new int[] {2}).reshape(10),
        new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1},
        1e-5,
        1e-5);
  }

  @Test
  void generation_stops_at_a_stop_string_and_keeps_it() {
    List<Generated> out =
        model.generate(
            manager,
            List.of(GenerationRequest.of(Fixtures.circlePrompt())),
            GenerateOptions.builder().maxNewTokens(6).stopStrings("circle").build());

    assertThat(out.get(0).tokenIds()).containsExactly(6, 49, 22);
    assertThat(out.get(0).text()).isEqualTo("ASSISTANT 1 circle");
  }

  @Test
  void a_forced_prefix_is_not_part_of_the_generated_tokens() {
    List<Generated> out =
        model.generate(
            manager,
            List.of(new GenerationRequest(Fixtures.circlePrompt(), "ASSISTANT 1")),
            GenerateOptions.builder().maxNewTokens(1).build());

    // the script's greedy step 3 continues "ASSISTANT 1" with "circle" (id 22)
    assertThat(out.get(0).tokenIds()).containsExactly(22);
    assertAllClose(out.get(0).stepLogProbs(), new double[] {-0.3305976390838623}, 1e-4, 1e-4);
  }

  @Test
  void sampling_is_reproducible_under_a_seed_and_batches_rows() {
    GenerateOptions options =
        GenerateOptions.builder().decoding(Decoding.sampling(1.5, 0.9, 42)).maxNewTokens(4).build();
    List<GenerationRequest> batch =
        List.of(
            GenerationRequest.of(Fixtures.circlePrompt()),
            GenerationRequest.of(Fixtures.twoImagePrompt()));

    List<Generated> first = model.generate(manager, batch, options);
    List<Generated> second = model.generate(manager, batch, options);

    assertThat(first).hasSize(2);
    for (int b = 0; b < 2; b++) {
      assertThat(second.get(b).tokenIds()).isEqualTo(first.get(b).tokenIds());
      assertThat(second.get(b).stepLogProbs().toFloatArray())
          .containsExactly(first.get(b).stepLogProbs().toFloatArray());
      for (float lp : first.get(b).stepLogProbs().toFloatArray()) {
        assertThat(lp).isLessThanOrEqualTo(0f);
      }
    }
  }

  @Test
  void rejects_a_layer_it_does_not_have() {
    ScoreOptions options = ScoreOptions.builder().attentionLayers(2).build();
    List<ScoreRequest> batch = twoRequests();
    assertThatThrownBy(() -> model.score(manager, batch, options))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("attention layers must be in [0, 2), but are: [2]");
  }

  @Test
  void rejects_an_empty_batch() {
    assertThatThrownBy(() -> model.score(manager, List.of(), ScoreOptions.DEFAULT))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("batch must not be empty");
  }

  @Test
  void rejects_an_image_of_the_wrong_size_for_the_preprocessor() {
    ScoreRequest request =
        new ScoreRequest(
            new Prompt(
                List.of(new BufferedImage(20, 10, BufferedImage.TYPE_INT_RGB)),
                Fixtures.circlePrompt().conversation()),
            "red");
    assertThatThrownBy(() -> model.score(manager, List.of(request), ScoreOptions.DEFAULT))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("image must be 16x16 for this preprocessor, but is 20x10");
  }

  @Test
  void rejects_a_sequence_longer_than_the_maximum() {
    ScoreRequest request =
        new ScoreRequest(
            Fixtures.twoImagePrompt(),
            "red red red red red red red red red red red red red red red red red");
    assertThatThrownBy(() -> model.score(manager, List.of(request), ScoreOptions.DEFAULT))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("request 0 has 65 tokens, but maxSequenceLength is 64");
  }

  @Test
  void to_string_names_every_setting() {
    assertThat(model.toString())
        .contains("imageGrid=4x4", "beginToken=<s>", "endToken=</s>", "padToken=<pad>")
        .contains(
            "vocabularySize=51",
            "maxSequenceLength=64",
            "layerCount=2",
            "sizePolicy=REQUIRE_EXACT");
  }
}
