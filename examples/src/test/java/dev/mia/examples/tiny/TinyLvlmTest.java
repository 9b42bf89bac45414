package dev.mia.examples.tiny;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.mia.core.data.Conversation;
import dev.mia.core.data.Turn;
import dev.mia.core.model.Decoding;
import dev.mia.core.model.GenerateOptions;
import dev.mia.core.model.Generated;
import dev.mia.core.model.GenerationRequest;
import dev.mia.core.model.ImageMask;
import dev.mia.core.model.ImageSpan;
import dev.mia.core.model.LogitsOutput;
import dev.mia.core.model.Prompt;
import dev.mia.core.model.ScoreOptions;
import dev.mia.core.model.ScoreRequest;
import dev.mia.core.model.Scored;
import dev.mia.core.model.TokenScores;
import dev.mia.core.model.TokenSequence;
import dev.mia.core.model.TrainingOutput;
import dev.mia.examples.world.SceneSampler;
import dev.mia.loss.train.PreferenceCollator;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TinyLvlmTest {
  static final TinyLvlmConfig SMALL =
      TinyLvlmConfig.builder()
          .imageSide(32)
          .patchSize(8)
          .modelDim(32)
          .heads(2)
          .layers(2)
          .maxSequenceLength(96)
          .build();

  private static TinyLvlm model;
  private static NDManager manager;

  @BeforeAll
  static void setUp() {
    model = TinyLvlm.create(SMALL, WordTokenizer.forWorld(), 3);
    manager = NDManager.newBaseManager();
  }

  @AfterAll
  static void tearDown() {
    manager.close();
    model.close();
  }

  static BufferedImage image(long seed) {
    return SceneSampler.builder(32).build().sample(seed).render();
  }

  static Prompt prompt(String question, BufferedImage... images) {
    return new Prompt(List.of(images), Conversation.of(Turn.human(question)));
  }

  @Test
  void log_probs_equal_a_hand_computed_log_softmax_of_the_logits() {
    List<ScoreRequest> batch =
        List.of(
            new ScoreRequest(prompt("<image>\nWhat colour is the circle?", image(1)), "red"),
            new ScoreRequest(
                prompt("<image>\nDescribe the image.", image(2)), "there is a small red circle."));
    try (NDManager m = manager.newSubManager()) {
      Scored scored =
          model.score(m, batch, ScoreOptions.builder().logits(LogitsOutput.RETURN).build());
      assertThat(scored.tokenLogProbs().getShape().getShape()).containsExactly(2, 7);
      float[] logits = scored.logits().toFloatArray();
      float[] logProbs = scored.tokenLogProbs().toFloatArray();
      long[] ids = scored.answerTokenIds().toLongArray();
      float[] mask = scored.answerMask().toFloatArray();
      int v = model.wordTokenizer().size();
      for (int row = 0; row < 2; row++) {
        for (int t = 0; t < 7; t++) {
          int at = row * 7 + t;
          if (mask[at] == 0) {
            assertThat(logProbs[at]).isZero();
            assertThat(ids[at]).isZero();
            continue;
          }
          // log softmax by hand, in double: l_y - log(sum_j exp(l_j))
          double sum = 0;
          for (int j = 0; j < v; j++) {
            sum += Math.exp(logits[at * v + j]);
          }
          double expected = logits[at * v + (int) ids[at]] - Math.log(sum);
          assertThat((double) logProbs[at]).isCloseTo(expected, within(1e-5));
        }
      }
      assertThat(mask).containsExactly(1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1);
      assertThat(ids[0]).isEqualTo(model.wordTokenizer().id("red"));
    }
  }

  @Test
  void scoring_a_row_alone_or_in_a_batch_gives_the_same_log_probs() {
    ScoreRequest a =
        new ScoreRequest(prompt("<image>\nHow many circles are there?", image(4)), "two");
    ScoreRequest b =
        new ScoreRequest(prompt("<image>\nDescribe the image.", image(5)), "there is a cross.");
    try (NDManager m = manager.newSubManager()) {
      float alone = model.score(m, List.of(a), ScoreOptions.DEFAULT).tokenLogProbs().getFloat(0, 0);
      float batched =
          model.score(m, List.of(b, a), ScoreOptions.DEFAULT).tokenLogProbs().getFloat(1, 0);
      assertThat(batched).isCloseTo(alone, within(1e-5f));
    }
  }

  @Test
  void attention_rows_sum_to_one_and_image_spans_point_at_the_image_tokens() {
    ScoreRequest request =
        new ScoreRequest(
            prompt(
                "<image>\n<image>\nIn the second image, what colour is the circle?",
                image(6),
                image(7)),
            "red");
    try (NDManager m = manager.newSubManager()) {
      Scored scored =
          model.score(m, List.of(request), ScoreOptions.builder().attentionLayers(0, 1).build());
      // <bos> USER: then 16 tokens per image, the newline between them is whitespace
      assertThat(scored.imageSpans().get(0).spans())
          .containsExactly(new ImageSpan(2, 16, 4, 4), new ImageSpan(18, 16, 4, 4));
      NDArray attention = scored.attention().get(1);
      assertThat(attention.getShape().getShape()).containsExactly(1, 2, 1, 47);
      for (float s : attention.sum(new int[] {3}).toFloatArray()) {
        assertThat(s).isCloseTo(1f, within(1e-5f));
      }
      // hiding every image token: the image columns get exactly zero, the rest still sums to 1
      Scored hidden =
          model.score(
              m,
              List.of(request),
              ScoreOptions.builder()
                  .attentionLayers(0)
                  .imageMask(ImageMask.randomKeep(0, 1))
                  .build());
      NDArray map = hidden.attention().get(0);
      assertThat(map.get(":, :, :, 2:34").sum().getFloat()).isZero();
      assertThat(map.get(":, :, :, 0:2").sum().getFloat()).isGreaterThan(0f);
      for (float s : map.sum(new int[] {3}).toFloatArray()) {
        assertThat(s).isCloseTo(1f, within(1e-5f));
      }
    }
  }

  @Test
  void greedy_generation_matches_teacher_forced_scores() {
    Prompt p = prompt("<image>\nDescribe the image.", image(8));
    try (NDManager m = manager.newSubManager()) {
      Generated g =
          model
              .generate(
                  m,
                  List.of(GenerationRequest.of(p)),
                  GenerateOptions.builder().maxNewTokens(6).attentionLayers(1).build())
              .get(0);
      assertThat(g.length()).isBetween(1, 6);
      assertThat(g.attention().get(1).getShape().get(1)).isEqualTo(g.length());
      for (float s : g.attention().get(1).sum(new int[] {2}).toFloatArray()) {
        assertThat(s).isCloseTo(1f, within(1e-5f));
      }
      Scored scored = model.score(m, List.of(new ScoreRequest(p, g.text())), ScoreOptions.DEFAULT);
      // the untrained model may emit words whose decoded text re-tokenizes identically
      assertThat(scored.tokenLogProbs().toFloatArray())
          .containsExactly(g.stepLogProbs().toFloatArray(), within(1e-4f));
    }
  }

  @Test
  void a_batch_generates_each_row_as_it_would_alone() {
    // rows of different prompt lengths and image counts, one with a prefix, stopping at different
    // steps: padding and the rows that stopped early must not change the others
    List<GenerationRequest> batch =
        List.of(
            GenerationRequest.of(prompt("<image>\nDescribe the image.", image(11))),
            GenerationRequest.of(
                prompt("<image>\n<image>\nWhat colour is the circle?", image(12), image(13))),
            new GenerationRequest(prompt("<image>\nDescribe the image.", image(14)), "there is"),
            GenerationRequest.of(prompt("<image>\nIs there a square?", image(15))),
            // 5 images of 16 tokens: this row reaches maxSequenceLength = 96 after a few tokens
            GenerationRequest.of(
                prompt(
                    "<image>\n<image>\n<image>\n<image>\n<image>\nDescribe the image.",
                    image(16),
                    image(17),
                    image(18),
                    image(19),
                    image(20))));
    GenerateOptions options =
        GenerateOptions.builder()
            .decoding(Decoding.sampling(1.5, 0.95, 7))
            .maxNewTokens(10)
            .stopStrings(".")
            .attentionLayers(0, 1)
            .build();
    try (NDManager m = manager.newSubManager()) {
      List<Generated> together = model.generate(m, batch, options);
      assertThat(together).hasSize(5);
      List<Integer> lengths = new java.util.ArrayList<>();
      for (int i = 0; i < batch.size(); i++) {
        // request i of a batch samples with seed ^ (i * 0x9E3779B97F4A7C15): alone, it is index 0
        long seed = 7L ^ (i * 0x9E3779B97F4A7C15L);
        Generated alone =
            model
                .generate(
                    m,
                    List.of(batch.get(i)),
                    GenerateOptions.builder()
                        .decoding(Decoding.sampling(1.5, 0.95, seed))
                        .maxNewTokens(10)
                        .stopStrings(".")
                        .attentionLayers(0, 1)
                        .build())
                .get(0);
        Generated row = together.get(i);
        assertThat(row.tokenIds()).as("request %d", i).isEqualTo(alone.tokenIds());
        assertThat(row.text()).isEqualTo(alone.text());
        assertThat(row.stepLogProbs().toFloatArray())
            .containsExactly(alone.stepLogProbs().toFloatArray(), within(1e-5f));
        for (int layer : List.of(0, 1)) {
          NDArray a = row.attention().get(layer);
          assertThat(a.getShape()).isEqualTo(alone.attention().get(layer).getShape());
          assertThat(a.toFloatArray())
              .containsExactly(alone.attention().get(layer).toFloatArray(), within(1e-5f));
        }
        lengths.add(row.length());
      }
      // the test means something only if the rows stopped at different steps
      assertThat(new java.util.HashSet<>(lengths)).hasSizeGreaterThan(1);
    }
  }

  @Test
  void a_request_mask_hides_the_image_of_its_own_row_only() {
    Prompt p = prompt("<image>\nDescribe the image.", image(21));
    GenerateOptions visible = GenerateOptions.builder().maxNewTokens(4).attentionLayers(0).build();
    GenerateOptions hidden =
        GenerateOptions.builder()
            .maxNewTokens(4)
            .attentionLayers(0)
            .imageMask(ImageMask.randomKeep(0, 1))
            .build();
    try (NDManager m = manager.newSubManager()) {
      List<Generated> mixed =
          model.generate(
              m,
              List.of(
                  new GenerationRequest(p, "", ImageMask.randomKeep(0, 1)),
                  GenerationRequest.of(p)),
              visible);
      Generated masked = model.generate(m, List.of(GenerationRequest.of(p)), hidden).get(0);
      Generated open = model.generate(m, List.of(GenerationRequest.of(p)), visible).get(0);
      assertThat(mixed.get(0).tokenIds()).isEqualTo(masked.tokenIds());
      assertThat(mixed.get(1).tokenIds()).isEqualTo(open.tokenIds());
      // no attention on the image's tokens in the masked row only
      ImageSpan span = mixed.get(0).imageSpans().spans().get(0);
      String image = ":, :, " + span.start() + ":" + span.end();
      assertThat(mixed.get(0).attention().get(0).get(image).sum().getFloat()).isZero();
      assertThat(mixed.get(1).attention().get(0).get(image).sum().getFloat()).isGreaterThan(0f);
    }
  }

  @Test
  void sampling_is_reproducible_from_its_seed_and_honours_stop_strings() {
    Prompt p = prompt("<image>\nDescribe the image.", image(9));
    GenerateOptions options =
        GenerateOptions.builder()
            .decoding(Decoding.sampling(1.5, 0.95, 42))
            .maxNewTokens(12)
            .stopStrings(".")
            .build();
    try (NDManager m = manager.newSubManager()) {
      Generated first =
          model.generate(m, List.of(new GenerationRequest(p, "there is")), options).get(0);
      Generated second =
          model.generate(m, List.of(new GenerationRequest(p, "there is")), options).get(0);
      assertThat(second.tokenIds()).isEqualTo(first.tokenIds());
      assertThat(first.text().indexOf('.')).isIn(-1, first.text().length() - 1);
    }
  }

  @Test
  void save_then_load_gives_identical_outputs(@TempDir Path dir) {
    ScoreRequest request =
        new ScoreRequest(prompt("<image>\nIs there a circle in the image?", image(10)), "yes");
    model.save(dir);
    try (TinyLvlm loaded = TinyLvlm.load(dir);
        NDManager m = manager.newSubManager()) {
      ScoreOptions options = ScoreOptions.builder().logits(LogitsOutput.RETURN).build();
      assertThat(loaded.score(m, List.of(request), options).logits().toFloatArray())
          .containsExactly(model.score(m, List.of(request), options).logits().toFloatArray());
      assertThat(loaded.id()).isEqualTo(model.id());
      assertThat(loaded.config()).isEqualTo(SMALL);
    }
  }

  @Test
  void returned_arrays_belong_to_the_caller_and_temporaries_are_closed() {
    ScoreRequest request =
        new ScoreRequest(prompt("<image>\nWhat colour is the square?", image(11)), "blue");
    try (NDManager m = manager.newSubManager()) {
      Scored scored =
          model.score(m, List.of(request), ScoreOptions.builder().attentionLayers(0).build());
      assertThat(scored.tokenLogProbs().getManager()).isSameAs(m);
      assertThat(scored.attention().get(0).getManager()).isSameAs(m);
      // log-probs, mask, ids and one attention map
      assertThat(m.getManagedArrays()).hasSize(4);
    }
  }

  @ParameterizedTest
  @EnumSource(TrainingOutput.class)
  void scored_tokens_belong_to_the_caller_and_the_model_keeps_no_intermediate(
      TrainingOutput output) {
    TokenSequence row = sequence("<image>\nWhat colour is the square?", image(11), "blue");
    NDManager owner = model.trainableParameters().valueAt(0).getArray().getManager();
    int before = owner.getManagedArrays().size();
    try (NDManager m = manager.newSubManager()) {
      TokenScores scores = model.scoreTokens(m, List.of(row), output);

      assertThat(owner.getManagedArrays()).hasSize(before);
      // the three inputs and the answer's positions, targets and mask (backward reads the
      // indices among them), then log-probs, or hidden states with the head's weight and bias
      assertThat(m.getManagedArrays())
          .hasSize(output == TrainingOutput.LOG_PROBS ? 7 : 9)
          .allMatch(a -> a.getManager() == m);
      assertThat(scores.mask().getManager()).isSameAs(m);
    }
    assertThat(owner.getManagedArrays()).hasSize(before);
  }

  private static TokenSequence sequence(String question, BufferedImage image, String answer) {
    return PreferenceCollator.builder(model.tokenizer())
        .build()
        .sequence("row", prompt(question, image), answer);
  }

  @Test
  void rejects_attention_layers_the_model_does_not_have() {
    ScoreRequest request =
        new ScoreRequest(prompt("<image>\nWhat colour is the square?", image(1)), "blue");
    assertThatThrownBy(
            () ->
                model.score(
                    manager, List.of(request), ScoreOptions.builder().attentionLayers(2).build()))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("attention layers must be in [0, 2), but are: [2]");
  }

  @Test
  void rejects_an_empty_batch() {
    assertThatThrownBy(() -> model.score(manager, List.of(), ScoreOptions.DEFAULT))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("batch must not be empty");
  }
}
