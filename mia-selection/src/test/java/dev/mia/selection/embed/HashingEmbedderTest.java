package dev.mia.selection.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HashingEmbedderTest {
  private final HashingEmbedder embedder = HashingEmbedder.DEFAULT;

  @Test
  void embeds_deterministically_to_unit_length() {
    float[] a = embedder.embed("A red bus on the road.");
    assertThat(embedder.embed("A red bus on the road.")).containsExactly(a);
    double norm = 0;
    for (float v : a) {
      norm += v * v;
    }
    assertThat(norm).isCloseTo(1.0, within(1e-5));
    assertThat(a).hasSize(1024);
  }

  @Test
  void identical_texts_up_to_case_and_punctuation_have_similarity_one() {
    assertThat(embedder.similarity("A red bus.", "a RED bus!")).isCloseTo(1.0, within(1e-6));
  }

  @Test
  void orders_similarity_by_lexical_overlap() {
    String reference = "There are two dogs playing on the grass near a tree.";
    double oneWord =
        embedder.similarity(reference, "There are three dogs playing on the grass near a tree.");
    double unrelated =
        embedder.similarity(reference, "The kitchen has a white fridge and an oven.");
    assertThat(oneWord).isGreaterThan(0.8).isLessThan(0.97);
    assertThat(unrelated).isLessThan(0.3);
  }

  @Test
  void text_without_words_embeds_to_zero_and_has_similarity_zero() {
    assertThat(embedder.embed("...")).containsOnly(0f);
    assertThat(embedder.similarity("...", "A bus.")).isZero();
  }

  @Test
  void rejects_a_tiny_dimension() {
    assertThatThrownBy(() -> HashingEmbedder.withDimension(8))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("dimension must be >= 16, but is: 8");
  }
}
