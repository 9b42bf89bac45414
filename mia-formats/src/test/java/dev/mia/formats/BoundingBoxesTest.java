package dev.mia.formats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mia.core.data.Conversation;
import org.junit.jupiter.api.Test;

class BoundingBoxesTest {
  @Test
  void finds_normalised_and_pixel_boxes_in_any_turn() {
    assertThat(
            BoundingBoxes.appearIn(
                Conversation.singleRound("Where?", "At [0.12, 0.3, 0.55,0.81].")))
        .isTrue();
    assertThat(
            BoundingBoxes.appearIn(
                Conversation.singleRound("Region [12, 30, 155, 281]?", "A dog.")))
        .isTrue();
  }

  @Test
  void ignores_lists_of_other_lengths_and_words() {
    assertThat(BoundingBoxes.appearIn(Conversation.singleRound("Pick [1, 2, 3]", "[a, b, c, d]")))
        .isFalse();
    assertThat(BoundingBoxes.appearIn(Conversation.singleRound("What?", "[-1, 2, 3, 4]")))
        .isFalse();
  }
}
