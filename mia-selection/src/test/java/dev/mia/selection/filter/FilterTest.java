package dev.mia.selection.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mia.core.InvalidSampleException;
import dev.mia.core.NonFiniteValueException;
import dev.mia.core.data.Conversation;
import dev.mia.core.data.Turn;
import dev.mia.selection.Candidate;
import dev.mia.selection.Comparison;
import dev.mia.selection.SelectionTally;
import dev.mia.selection.StageCount;
import dev.mia.selection.Verdict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FilterTest {
  private static final Conversation PROMPT = Conversation.of(Turn.human("What is shown?"));

  private static Candidate candidate(String chosen, String rejected, float... logProbs) {
    return Candidate.builder("p1", PROMPT, chosen, rejected).rejectedStepLogProbs(logProbs).build();
  }

  private static String reason(Verdict verdict) {
    return verdict instanceof Verdict.Drop drop ? drop.reason() : "kept";
  }

  @Test
  void perplexity_filter_keeps_just_above_and_drops_just_below_1_1() {
    // ln(1.1) = 0.0953102; exp(0.0954) = 1.100101 and exp(0.0952) = 1.099881 (by hand).
    Verdict above = PerplexityFilter.MIA_DPO.test(candidate("a", "b", -0.0954f, -0.0954f));
    Verdict below = PerplexityFilter.MIA_DPO.test(candidate("a", "b", -0.0952f, -0.0952f));
    assertThat(above).isInstanceOf(Verdict.Keep.class);
    assertThat(above.scores().get("perplexity")).isCloseTo(1.100101, within(1e-5));
    assertThat(reason(below)).isEqualTo("perplexity-out-of-range");
  }

  @Test
  void perplexity_exactly_on_the_threshold_is_dropped_by_strict_and_kept_by_inclusive() {
    // Log-probs of 0 give exp(0) = 1 exactly.
    PerplexityFilter strict = PerplexityFilter.builder().threshold(1.0).build();
    PerplexityFilter inclusive =
        PerplexityFilter.builder().threshold(1.0).keepWhen(Comparison.AT_LEAST).build();
    Candidate onThreshold = candidate("a", "b", 0f, 0f, 0f);
    assertThat(reason(strict.test(onThreshold))).isEqualTo("perplexity-out-of-range");
    assertThat(inclusive.test(onThreshold)).isInstanceOf(Verdict.Keep.class);
    assertThat(strict.toString()).isEqualTo("PerplexityFilter(keepWhen=perplexity > 1.0)");
  }

  @Test
  void perplexity_of_nan_log_probs_names_the_sample() {
    assertThatThrownBy(() -> PerplexityFilter.MIA_DPO.test(candidate("a", "b", -1f, Float.NaN)))
        .isExactlyInstanceOf(NonFiniteValueException.class)
        .hasMessage("sample 'p1': rejected step log-prob 1 is NaN");
  }

  @Test
  void perplexity_of_an_answer_without_tokens_names_the_sample() {
    assertThatThrownBy(() -> PerplexityFilter.MIA_DPO.test(candidate("a", "b")))
        .isExactlyInstanceOf(InvalidSampleException.class)
        .hasMessage(
            "sample 'p1': the rejected answer has no generated tokens to compute a perplexity"
                + " from");
  }

  @Test
  void edit_distance_filter_keeps_on_and_above_the_minimum_and_drops_below() {
    // 1 substitution over 10 code points = 0.1 exactly (the same double as the literal 0.1).
    assertThat(EditDistanceFilter.DEFAULT.test(candidate("abcdefghij", "abcdefghiX")))
        .isInstanceOf(Verdict.Keep.class);
    // 2 / 10 = 0.2.
    assertThat(EditDistanceFilter.DEFAULT.test(candidate("abcdefghij", "abcdefghXY")))
        .isInstanceOf(Verdict.Keep.class);
    // 1 / 11 = 0.0909 < 0.1.
    assertThat(reason(EditDistanceFilter.DEFAULT.test(candidate("abcdefghijk", "abcdefghijX"))))
        .isEqualTo("edit-distance-too-small");
  }

  @Test
  void edit_distance_in_words_counts_whole_words() {
    EditDistanceFilter words =
        EditDistanceFilter.builder().unit(TextUnit.WORDS).minimum(0.5).build();
    // "red" -> "blue": 1 of 3 words = 0.333 < 0.5.
    Verdict verdict = words.test(candidate("the red bus", "the blue bus"));
    assertThat(reason(verdict)).isEqualTo("edit-distance-too-small");
    assertThat(verdict.scores().get("edit-distance")).isCloseTo(1.0 / 3.0, within(1e-12));
  }

  @Test
  void length_ratio_filter_keeps_the_inclusive_bounds_and_drops_beyond() {
    String four = "one two three four";
    String five = "one two three four five";
    // 1 / 4 = 0.25, the lower bound: kept. 1 / 5 = 0.2: dropped.
    assertThat(LengthRatioFilter.DEFAULT.test(candidate(four, "x")))
        .isInstanceOf(Verdict.Keep.class);
    assertThat(reason(LengthRatioFilter.DEFAULT.test(candidate(five, "x"))))
        .isEqualTo("length-ratio-too-low");
    // 4 / 1 = 4, the upper bound: kept. 5 / 1: dropped.
    assertThat(LengthRatioFilter.DEFAULT.test(candidate("x", four)))
        .isInstanceOf(Verdict.Keep.class);
    assertThat(reason(LengthRatioFilter.DEFAULT.test(candidate("x", five))))
        .isEqualTo("length-ratio-too-high");
  }

  @Test
  void distinct_answers_filter_drops_blank_and_whitespace_equal_answers() {
    assertThat(reason(DistinctAnswersFilter.INSTANCE.test(candidate("Yes.", "  "))))
        .isEqualTo("rejected-empty");
    assertThat(
            reason(DistinctAnswersFilter.INSTANCE.test(candidate("A red  bus.", " A red bus.\n"))))
        .isEqualTo("identical-answers");
    assertThat(DistinctAnswersFilter.INSTANCE.test(candidate("Yes.", "No.")))
        .isInstanceOf(Verdict.Keep.class);
  }

  @Test
  void chain_counts_drops_per_filter_and_records_passed_filters_in_provenance() {
    FilterChain chain = FilterChain.miaDpoDefaults();
    SelectionTally tally = new SelectionTally();
    Candidate good = candidate("A red bus on the road.", "A blue car on the road.", -0.5f, -0.5f);
    Candidate copy = candidate("A red bus.", "A red bus.", -0.5f);
    Candidate confident = candidate("A red bus.", "A big truck.", -0.01f);

    assertThat(chain.apply(good, tally)).isPresent();
    assertThat(chain.apply(copy, tally)).isEmpty();
    assertThat(chain.apply(confident, tally)).isEmpty();

    Candidate kept = chain.apply(good, new SelectionTally()).orElseThrow();
    assertThat(kept.provenance().stages())
        .extracting(s -> s.name())
        .containsExactly(
            "filter:distinct-answers",
            "filter:perplexity",
            "filter:length-ratio",
            "filter:edit-distance");
    // exp(0.5) = 1.6487.
    assertThat(kept.provenance().stages().get(1).scores().get("perplexity"))
        .isCloseTo(Math.exp(0.5), within(1e-6));
    assertThat(tally.snapshot())
        .containsExactly(
            new StageCount(
                "filter:distinct-answers",
                3,
                2,
                1,
                new java.util.TreeMap<>(Map.of("identical-answers", 1L))),
            new StageCount(
                "filter:perplexity",
                2,
                1,
                1,
                new java.util.TreeMap<>(Map.of("perplexity-out-of-range", 1L))),
            new StageCount("filter:length-ratio", 1, 1, 0, new java.util.TreeMap<>()),
            new StageCount("filter:edit-distance", 1, 1, 0, new java.util.TreeMap<>()));
    assertThat(kept.toPair().rejected()).isEqualTo("A blue car on the road.");
  }

  @Test
  void rejects_bad_settings_with_messages() {
    assertThatThrownBy(() -> EditDistanceFilter.builder().minimum(1.5).build())
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("minimum must be in [0, 1], but is: 1.5");
    assertThatThrownBy(() -> LengthRatioFilter.builder().bounds(2, 1).build())
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("bounds must satisfy 0 <= min <= max < infinity, but are: [2.0, 1.0]");
    assertThatThrownBy(() -> PerplexityFilter.builder().threshold(Double.NaN).build())
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("threshold must be finite, but is: NaN");
    assertThat(
            List.of(
                TextUnit.WORDS.count("  a  b\tc "), TextUnit.CODE_POINTS.count("a\uD83D\uDE00")))
        .containsExactly(3, 2);
  }
}
