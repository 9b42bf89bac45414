package dev.mia.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.mia.core.ModelContractException;
import dev.mia.core.data.Conversation;
import dev.mia.core.data.Turn;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ModelRecordsTest {

  @Test
  void image_span_length_must_match_its_grid() {
    assertThatThrownBy(() -> new ImageSpan(5, 575, 24, 24))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("length must equal gridHeight * gridWidth = 576, but is: 575");
    assertThat(ImageSpan.square(5, 24).end()).isEqualTo(581);
  }

  @Test
  void image_spans_must_not_overlap() {
    assertThatThrownBy(() -> ImageSpans.of(ImageSpan.square(0, 2), ImageSpan.square(3, 2)))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "image spans must be sorted and disjoint, but span 1 ImageSpan[start=3, length=4,"
                + " gridHeight=2, gridWidth=2] starts before span 0 ImageSpan[start=0, length=4,"
                + " gridHeight=2, gridWidth=2] ends");
  }

  @Test
  void prompt_needs_one_image_per_placeholder() {
    Conversation question = Conversation.of(Turn.human("<image>\nWhat is it?"));
    assertThatThrownBy(() -> new Prompt(List.of(), question))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "invalid prompt: the conversation has 1 <image> placeholder but there are 0 images");
    assertThat(new Prompt(List.of(new BufferedImage(1, 1, 1)), question).images()).hasSize(1);
  }

  @Test
  void options_keep_attention_layers_sorted() {
    ScoreOptions options = ScoreOptions.builder().attentionLayers(16, 2, 16).build();

    assertThat(options.attentionLayers()).containsExactly(2, 16);
    assertThatThrownBy(() -> GenerateOptions.builder().maxNewTokens(0).build())
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxNewTokens must be >= 1, but is: 0");
    assertThatThrownBy(() -> ImageMask.randomKeep(1.5, 1))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("keepProbability must be in [0, 1], but is: 1.5");
    assertThatThrownBy(() -> Decoding.sampling(0, 1, 1))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("temperature must be finite and > 0, but is: 0.0");
  }

  @Test
  void a_request_is_generated_under_its_own_mask_else_the_options_mask() {
    Prompt prompt =
        new Prompt(
            List.of(new BufferedImage(1, 1, 1)),
            Conversation.of(Turn.human("<image>\nWhat is it?")));
    ImageMask optionsMask = ImageMask.randomKeep(0.5, 1);
    ImageMask own = ImageMask.randomKeep(0.01, 2);
    GenerateOptions options = GenerateOptions.builder().imageMask(optionsMask).build();

    assertThat(GenerationRequest.of(prompt).imageMask()).isNull();
    assertThat(GenerationRequest.of(prompt).maskUnder(options)).isEqualTo(optionsMask);
    assertThat(new GenerationRequest(prompt, "", own).maskUnder(options)).isEqualTo(own);
  }

  @Test
  void scored_rejects_a_mask_of_another_shape() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray logProbs = manager.zeros(new Shape(2, 3));
      NDArray mask = manager.ones(new Shape(2, 4));
      NDArray ids = manager.zeros(new Shape(2, 3), DataType.INT64);
      assertThatThrownBy(
              () ->
                  new Scored(
                      logProbs,
                      mask,
                      ids,
                      List.of(ImageSpans.NONE, ImageSpans.NONE),
                      new TreeMap<>(),
                      null))
          .isExactlyInstanceOf(ModelContractException.class)
          .hasMessage(
              "answerMask must have the shape of tokenLogProbs (2, 3), but has shape (2, 4)");
    }
  }

  @Test
  void scored_rejects_attention_of_the_wrong_answer_length() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray logProbs = manager.zeros(new Shape(1, 3));
      NDArray ids = manager.zeros(new Shape(1, 3), DataType.INT64);
      NDArray attention = manager.zeros(new Shape(1, 2, 4, 10));
      assertThatThrownBy(
              () ->
                  new Scored(
                      logProbs,
                      logProbs,
                      ids,
                      List.of(ImageSpans.NONE),
                      new TreeMap<>(Map.of(16, attention)),
                      null))
          .isExactlyInstanceOf(ModelContractException.class)
          .hasMessage(
              "attention of layer 16 must have answer length = 3 on axis 2, but has shape (1, 2, 4,"
                  + " 10)");
    }
  }

  @Test
  void generated_attention_must_cover_the_images() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray steps = manager.zeros(new Shape(2));
      NDArray attention = manager.zeros(new Shape(4, 2, 6));
      assertThatThrownBy(
              () ->
                  new Generated(
                      List.of(7, 8),
                      "a b",
                      steps,
                      ImageSpans.of(ImageSpan.square(1, 3)),
                      new TreeMap<>(Map.of(0, attention))))
          .isExactlyInstanceOf(ModelContractException.class)
          .hasMessage(
              "attention must cover the image tokens up to key 10, but has shape (4, 2, 6)");
    }
  }

  @Test
  void cosine_similarity_of_embeddings() {
    TextEmbedder embedder = text -> text.equals("a") ? new float[] {1, 0} : new float[] {1, 1};

    // cos(45 degrees) = 1 / sqrt(2).
    assertThat(embedder.similarity("a", "b"))
        .isCloseTo(1 / Math.sqrt(2), org.assertj.core.data.Offset.offset(1e-12));
    assertThat(embedder.similarity("a", "a")).isEqualTo(1.0);
  }
}
