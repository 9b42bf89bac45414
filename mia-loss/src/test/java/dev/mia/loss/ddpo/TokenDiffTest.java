package dev.mia.loss.ddpo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenDiffTest {
  private static MatchingBlock m(int a, int b, int size) {
    return new MatchingBlock(a, b, size);
  }

  @Test
  void matching_blocks_equal_python_difflib() {
    // Expected blocks printed by Python 3's
    // difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks() (random.seed(7)).
    assertThat(
            TokenDiff.sequenceMatcherBlocks(
                new int[] {1, 3, 5, 0, 0, 4, 0, 2, 4, 0, 4, 1, 0},
                new int[] {3, 3, 0, 1, 0, 4, 3, 0, 4}))
        .containsExactly(m(0, 3, 1), m(4, 4, 2), m(9, 7, 2), m(13, 9, 0));
    assertThat(
            TokenDiff.sequenceMatcherBlocks(
                new int[] {1, 5, 5, 4, 0, 4, 4, 3, 0}, new int[] {0, 4, 1, 2, 3, 1, 4, 0, 4, 2, 4}))
        .containsExactly(m(0, 2, 1), m(3, 6, 3), m(6, 10, 1), m(9, 11, 0));
    assertThat(
            TokenDiff.sequenceMatcherBlocks(
                new int[] {1, 0, 4, 4, 5, 1, 2, 0, 4, 5, 0, 4, 0, 4, 1, 3, 5, 4},
                new int[] {2, 3, 4, 3, 2, 2, 1, 1, 5, 1, 0, 4, 2, 4}))
        .containsExactly(m(0, 9, 3), m(3, 13, 1), m(18, 14, 0));
    assertThat(
            TokenDiff.sequenceMatcherBlocks(
                new int[] {2, 5, 3, 2, 4, 0, 0, 4, 3, 1, 2, 1, 3, 3, 0},
                new int[] {0, 4, 4, 2, 2, 5, 2, 4, 3, 4, 3, 0, 0, 2, 3, 5, 5, 0}))
        .containsExactly(
            m(0, 4, 2), m(3, 6, 2), m(5, 11, 2), m(8, 14, 1), m(14, 17, 1), m(15, 18, 0));
  }

  @Test
  void longest_match_ties_prefer_the_earliest_position() {
    // difflib docs: " abcd" vs "abcd abcd" -> Match(a=0, b=4, size=5).
    int[] a = " abcd".chars().toArray();
    int[] b = "abcd abcd".chars().toArray();

    assertThat(TokenDiff.sequenceMatcherBlocks(a, b)).containsExactly(m(0, 4, 5), m(5, 9, 0));
  }

  @Test
  void empty_sequences_give_only_the_sentinel() {
    assertThat(TokenDiff.sequenceMatcherBlocks(new int[0], new int[] {1}))
        .isEqualTo(List.of(m(0, 1, 0)));
  }

  @Test
  void a_replaced_token_is_changed_in_both_responses() {
    // rejected 1 2 3 [9] 5 6 7 8 vs chosen 1 2 3 [4] 5 6 7 8: blocks (0,0,3), (4,4,4).
    ChangedTokens changed =
        TokenDiff.changedTokens(
            new int[] {1, 2, 3, 4, 5, 6, 7, 8}, new int[] {1, 2, 3, 9, 5, 6, 7, 8}, 3);

    assertThat(changed.chosenIndices()).containsExactly(3);
    assertThat(changed.rejectedIndices()).containsExactly(3);
  }

  @Test
  void pure_insertions_and_deletions_are_not_changes() {
    // chosen inserts 9 9 after 1 2 3; the rejected side of that gap is empty.
    ChangedTokens inserted =
        TokenDiff.changedTokens(
            new int[] {1, 2, 3, 9, 9, 4, 5, 6}, new int[] {1, 2, 3, 4, 5, 6}, 3);
    ChangedTokens deleted =
        TokenDiff.changedTokens(
            new int[] {1, 2, 3, 4, 5, 6}, new int[] {1, 2, 3, 9, 9, 4, 5, 6}, 3);

    assertThat(inserted.chosenIndices()).isEmpty();
    assertThat(inserted.rejectedIndices()).isEmpty();
    assertThat(deleted.chosenIndices()).isEmpty();
    assertThat(deleted.rejectedIndices()).isEmpty();
  }

  @Test
  void matches_shorter_than_three_tokens_are_ignored() {
    // Python: blocks (0,0,3), (4,4,1), (6,6,3); dropping the 1-token block merges the gaps
    // [3,4) and [5,6) with the block into one replaced segment [3,6) on both sides.
    ChangedTokens changed =
        TokenDiff.changedTokens(
            new int[] {1, 2, 3, 20, 4, 21, 5, 6, 7}, new int[] {1, 2, 3, 10, 4, 11, 5, 6, 7}, 3);

    assertThat(changed.chosenIndices()).containsExactly(3, 4, 5);
    assertThat(changed.rejectedIndices()).containsExactly(3, 4, 5);
  }

  @Test
  void a_replaced_tail_is_changed() {
    // rejected 1 2 3 4 [8 8] vs chosen 1 2 3 4 [7]: the gap after the last block is a replace.
    ChangedTokens changed =
        TokenDiff.changedTokens(new int[] {1, 2, 3, 4, 7}, new int[] {1, 2, 3, 4, 8, 8}, 3);

    assertThat(changed.chosenIndices()).containsExactly(4);
    assertThat(changed.rejectedIndices()).containsExactly(4, 5);
  }

  @Test
  void rejects_a_minimum_match_size_below_one() {
    assertThatThrownBy(() -> TokenDiff.changedTokens(new int[0], new int[0], 0))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("minMatchSize must be >= 1, but is: 0");
  }

  @Test
  void pair_methods_take_chosen_then_rejected() {
    // matchingBlocks(chosen, rejected) is difflib's SequenceMatcher(None, rejected, chosen) with
    // each block's starts swapped into (chosen, rejected) order; changedTokens uses those blocks.
    int[] chosen = {1, 2, 3, 4, 5, 6, 7, 8};
    int[] rejected = {9, 1, 2, 3, 7, 5, 6, 7, 8};

    assertThat(TokenDiff.matchingBlocks(chosen, rejected))
        .containsExactly(m(0, 1, 3), m(4, 5, 4), m(8, 9, 0));
    assertThat(TokenDiff.sequenceMatcherBlocks(rejected, chosen))
        .containsExactly(m(1, 0, 3), m(5, 4, 4), m(9, 8, 0));
    ChangedTokens changed = TokenDiff.changedTokens(chosen, rejected);
    assertThat(changed.chosenIndices()).containsExactly(3);
    assertThat(changed.rejectedIndices()).containsExactly(4);
  }
}
