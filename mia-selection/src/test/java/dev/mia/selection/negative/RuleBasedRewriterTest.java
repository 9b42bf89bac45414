package dev.mia.selection.negative;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RuleBasedRewriterTest {

  @Test
  void same_seed_gives_the_same_rewrite() {
    RuleBasedRewriter rewriter = RuleBasedRewriter.defaults();
    String text = "Two red buses are parked on the left of a small building.";

    assertThat(rewriter.rewrite(text, 7)).isEqualTo(rewriter.rewrite(text, 7));
  }

  @Test
  void spatial_words_become_their_opposite() {
    RuleBasedRewriter rewriter =
        RuleBasedRewriter.builder().kinds(ErrorKind.SPATIAL).maxEdits(1).build();

    assertThat(rewriter.rewrite("The cat is on the left.", 1))
        .isEqualTo("The cat is on the right.");
  }

  @Test
  void a_colour_never_becomes_itself_and_keeps_its_capital() {
    RuleBasedRewriter rewriter =
        RuleBasedRewriter.builder().kinds(ErrorKind.COLOUR).maxEdits(1).build();

    for (long seed = 0; seed < 50; seed++) {
      String out = rewriter.rewrite("Red.", seed);
      assertThat(out).isNotEqualTo("Red.").matches("[A-Z][a-z]+\\.");
    }
  }

  @Test
  void plural_objects_stay_plural() {
    RuleBasedRewriter rewriter =
        RuleBasedRewriter.builder().kinds(ErrorKind.OBJECT).maxEdits(1).build();

    String out = rewriter.rewrite("I see cats.", 3);

    assertThat(out).startsWith("I see ").endsWith("s.").isNotEqualTo("I see cats.");
  }

  @Test
  void edits_at_most_max_edits_words() {
    RuleBasedRewriter rewriter = RuleBasedRewriter.builder().maxEdits(1).build();
    String text = "A red car and a blue bus.";

    for (long seed = 0; seed < 20; seed++) {
      String[] before = text.split(" ");
      String[] after = rewriter.rewrite(text, seed).split(" ");
      int changed = 0;
      for (int i = 0; i < before.length; i++) {
        changed += before[i].equals(after[i]) ? 0 : 1;
      }
      assertThat(changed).isEqualTo(1);
    }
  }

  @Test
  void different_seeds_give_different_rewrites() {
    RuleBasedRewriter rewriter = RuleBasedRewriter.defaults();
    Set<String> outputs = new HashSet<>();
    for (long seed = 0; seed < 20; seed++) {
      outputs.add(rewriter.rewrite("A red car next to a green tree.", seed));
    }

    assertThat(outputs.size()).isGreaterThan(5);
  }

  @Test
  void two_colours_never_collapse_into_one_or_into_a_colour_already_in_the_text() {
    RuleBasedRewriter rewriter =
        RuleBasedRewriter.builder().kinds(ErrorKind.COLOUR).maxEdits(2).build();

    for (long seed = 0; seed < 200; seed++) {
      String[] words = rewriter.rewrite("white and red", seed).split(" ");
      assertThat(words[0]).isNotEqualTo(words[2]).isNotIn("white", "red");
      assertThat(words[2]).isNotIn("white", "red");
    }
  }

  @Test
  void text_without_a_matching_word_comes_back_unchanged() {
    assertThat(RuleBasedRewriter.defaults().rewrite("Yes, it is.", 1)).isEqualTo("Yes, it is.");
  }

  @Test
  void rejects_zero_edits() {
    assertThatThrownBy(() -> RuleBasedRewriter.builder().maxEdits(0))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxEdits must be >= 1, but is: 0");
  }

  @Test
  void to_string_prints_the_settings() {
    assertThat(RuleBasedRewriter.builder().kinds(ErrorKind.COUNT).maxEdits(3).build())
        .hasToString("RuleBasedRewriter(maxEdits=3, kinds=[COUNT])");
  }
}
