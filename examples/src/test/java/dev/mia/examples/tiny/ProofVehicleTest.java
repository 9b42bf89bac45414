package dev.mia.examples.tiny;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import dev.mia.core.model.GenerateOptions;
import dev.mia.core.model.Generated;
import dev.mia.core.model.GenerationRequest;
import dev.mia.core.model.LogitsOutput;
import dev.mia.core.model.Prompt;
import dev.mia.core.model.ScoreOptions;
import dev.mia.core.model.ScoreRequest;
import dev.mia.core.model.Scored;
import dev.mia.examples.world.SceneSampler;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The proof vehicle's options: the convolutional stem and prefix attention. */
class ProofVehicleTest {
  private static final TinyLvlmConfig STEM =
      TinyLvlmConfig.builder()
          .imageSide(32)
          .patchSize(16)
          .modelDim(32)
          .heads(2)
          .layers(2)
          .maxSequenceLength(96)
          .stemChannels(8)
          .build();

  private static BufferedImage image(long seed) {
    return SceneSampler.builder(32).cells(true).build().sample(seed).render();
  }

  @Test
  void the_stem_gives_one_token_per_quadrant_and_survives_save_and_load(@TempDir Path dir) {
    assertThat(STEM.imageTokens()).isEqualTo(4);
    ScoreRequest request =
        new ScoreRequest(
            TinyLvlmTest.prompt("<image>\nWhat colour is the circle?", image(1)), "red");
    ScoreOptions logits = ScoreOptions.builder().logits(LogitsOutput.RETURN).build();
    try (TinyLvlm model = TinyLvlm.create(STEM, WordTokenizer.forWorld(), 5);
        NDManager m = NDManager.newBaseManager()) {
      List<String> names = model.trainableParameters().keys();
      assertThat(names).anyMatch(n -> n.endsWith("stem0_weight"));
      assertThat(names).anyMatch(n -> n.endsWith("stem2_weight"));
      assertThat(names).anyMatch(n -> n.endsWith("pooledProjection_weight"));
      assertThat(names).noneMatch(n -> n.contains("patchify"));
      model.save(dir);
      try (TinyLvlm loaded = TinyLvlm.load(dir)) {
        assertThat(loaded.config()).isEqualTo(STEM);
        assertThat(loaded.score(m, List.of(request), logits).logits().toFloatArray())
            .containsExactly(model.score(m, List.of(request), logits).logits().toFloatArray());
      }
    }
  }

  @Test
  void prefix_attention_lets_the_image_see_the_question_and_keeps_scoring_equal_to_generation() {
    TinyLvlmConfig prefix =
        TinyLvlmConfig.builder()
            .imageSide(32)
            .patchSize(16)
            .modelDim(32)
            .heads(2)
            .layers(2)
            .maxSequenceLength(96)
            .stemChannels(8)
            .prefixAttention(true)
            .build();
    Prompt circle = TinyLvlmTest.prompt("<image>\nIs there a circle in the image?", image(2));
    Prompt square = TinyLvlmTest.prompt("<image>\nIs there a square in the image?", image(2));
    try (TinyLvlm causal = TinyLvlm.create(STEM, WordTokenizer.forWorld(), 5);
        TinyLvlm bidirectional = TinyLvlm.create(prefix, WordTokenizer.forWorld(), 5);
        NDManager m = NDManager.newBaseManager()) {
      GenerateOptions attention =
          GenerateOptions.builder().maxNewTokens(3).attentionLayers(1).build();
      // generation and teacher-forced scoring use the same mask: the prompt is the prefix
      Generated g =
          bidirectional.generate(m, List.of(GenerationRequest.of(circle)), attention).get(0);
      assertThat(g.length()).isPositive();
      Scored s =
          bidirectional.score(m, List.of(new ScoreRequest(circle, g.text())), ScoreOptions.DEFAULT);
      assertThat(s.tokenLogProbs().toFloatArray())
          .containsExactly(g.stepLogProbs().toFloatArray(), within(1e-4f));
      ScoreOptions logits = ScoreOptions.builder().logits(LogitsOutput.RETURN).build();
      // the same weights (same seed): causal and prefix attention differ once the question differs
      float[] c1 =
          causal.score(m, List.of(new ScoreRequest(circle, "yes")), logits).logits().toFloatArray();
      float[] b1 =
          bidirectional
              .score(m, List.of(new ScoreRequest(circle, "yes")), logits)
              .logits()
              .toFloatArray();
      float[] b2 =
          bidirectional
              .score(m, List.of(new ScoreRequest(square, "yes")), logits)
              .logits()
              .toFloatArray();
      assertThat(b1).isNotEqualTo(c1);
      assertThat(b2).isNotEqualTo(b1);
    }
  }

  @Test
  void rejects_negative_stem_channels_and_too_many_objects_for_the_quadrants() {
    assertThatThrownBy(() -> TinyLvlmConfig.builder().stemChannels(-1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stemChannels must be >= 0, but is: -1");
    assertThatThrownBy(() -> SceneSampler.builder(32).cells(true).maxObjects(5).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxObjects must be <= 4 with cells (one object per quadrant), but is: 5");
  }
}
