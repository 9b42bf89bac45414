package dev.mia.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TokenSamplerTest {
  private static final float[] SCORES = {1f, 3f, 3f, 2f, -1f};

  @Test
  void greedy_takes_the_largest_score_ties_to_the_lowest_id() {
    assertThat(TokenSampler.choose(SCORES, Decoding.GREEDY, new SplittableRandom(1))).isEqualTo(1);
  }

  @Test
  void refused_tokens_are_never_chosen() {
    assertThat(TokenSampler.choose(SCORES, Decoding.GREEDY, new SplittableRandom(1), i -> i != 1))
        .isEqualTo(2);
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 200; i++) {
      assertThat(
              TokenSampler.choose(
                  SCORES, Decoding.sampling(2.0, 1.0, 7), random, t -> t == 0 || t == 4))
          .isIn(0, 4);
    }
  }

  @Test
  void a_small_top_p_keeps_only_the_most_likely_token_ties_to_the_lower_id() {
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 50; i++) {
      assertThat(TokenSampler.choose(SCORES, Decoding.sampling(1.0, 0.01, 3), random)).isEqualTo(1);
    }
  }

  @Test
  void sampling_follows_the_softmax_at_the_temperature() {
    // p = softmax([1, 3, 3, 2, -1]); over 20000 draws the share of id 3 is p_3 = e^2 / sum e^s =
    // 0.1459
    SplittableRandom random = new SplittableRandom(11);
    int threes = 0;
    for (int i = 0; i < 20000; i++) {
      if (TokenSampler.choose(SCORES, Decoding.sampling(1.0, 1.0, 11), random) == 3) {
        threes++;
      }
    }
    assertThat(threes / 20000.0).isBetween(0.136, 0.156);
  }

  @Test
  void rejects_an_empty_allowed_set() {
    assertThatThrownBy(
            () -> TokenSampler.choose(SCORES, Decoding.GREEDY, new SplittableRandom(1), i -> false))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("no token may be chosen among the 5 scores: the allowed set is empty");
  }
}
