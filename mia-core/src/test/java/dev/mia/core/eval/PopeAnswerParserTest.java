package dev.mia.core.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mia.core.eval.PopeAnswerParser.NegationMatching;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PopeAnswerParserTest {

  // Expected values worked by hand with evaluate.py's rule: text before the first '.', commas
  // removed, split on ' ', NO iff a word is exactly "No", "no" or "not".
  @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Yes, there is a dog in the image.|YES",
        "No, there is no dog.|NO",
        "no|NO",
        "No|NO",
        "''|YES", // empty answer: no negation word
        "Not sure.|YES", // quirk: "Not" is not in the list
        "NO|YES", // quirk: upper case is not matched
        "Yes, but no...|NO", // first sentence "Yes, but no"
        "Yes. No.|YES", // only the first sentence counts
        "There is no. Yes|NO",
        "No!|YES", // quirk: the word is "No!"
        "No,there is|YES", // comma removed without a space: "Nothere"
        "I do not see one|NO",
        "Nope, nothing.|YES",
        "'   no   '|NO", // empty words from repeated spaces are harmless
        "Is there a cat? No.|NO" // '?' ends no sentence: words "cat?" and "No"
      })
  void parses_as_the_official_script(String answer, YesNo expected) {
    assertThat(PopeAnswerParser.OFFICIAL.parse(answer)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {"Not sure.|NO", "NO|NO", "NOT at all|NO", "Yes|YES", "Nope|YES", "''|YES"})
  void case_insensitive_matching_catches_capitalised_negations(String answer, YesNo expected) {
    assertThat(PopeAnswerParser.of(NegationMatching.CASE_INSENSITIVE).parse(answer))
        .isEqualTo(expected);
  }

  @Test
  void splits_on_the_space_character_only() {
    // "no\nthere" is one word for split(' '), so no negation word is found.
    assertThat(PopeAnswerParser.OFFICIAL.parse("no\nthere is")).isEqualTo(YesNo.YES);
    assertThat(PopeAnswerParser.OFFICIAL.parse("no\tthere")).isEqualTo(YesNo.YES);
  }

  @Test
  void default_is_the_official_rule_and_prints_it() {
    assertThat(PopeAnswerParser.of(NegationMatching.OFFICIAL_SCRIPT))
        .isSameAs(PopeAnswerParser.OFFICIAL);
    assertThat(PopeAnswerParser.OFFICIAL.matching()).isEqualTo(NegationMatching.OFFICIAL_SCRIPT);
    assertThat(PopeAnswerParser.OFFICIAL).hasToString("PopeAnswerParser(matching=OFFICIAL_SCRIPT)");
  }
}
