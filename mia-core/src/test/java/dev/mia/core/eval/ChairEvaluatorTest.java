package dev.mia.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mia.core.DataFormatException;
import dev.mia.core.io.BadRecord;
import dev.mia.core.io.OnBadRecord;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChairEvaluatorTest {
  private static final ChairEvaluator CHAIR = ChairEvaluator.coco();
  private static final double EPS = 1e-12;

  // Caption 1 mentions person, horse, dog, dog; truth {person, horse}: 2 hallucinated mentions,
  // 2 recalled of 2. Caption 2 mentions cat, couch; truth {cat, couch, remote}: 0 hallucinated,
  // 2 recalled of 3. CHAIR_i = 2/6, CHAIR_s = 1/2, recall = 4/5.
  private static final String LINES =
      "{\"image_id\": 1, \"caption\": \"A man rides a horse next to a dog and another dog.\","
          + " \"objects\": [\"person\", \"horse\"]}\n"
          + "{\"image_id\": 2, \"caption\": \"A cat on a sofa.\","
          + " \"objects\": [\"cat\", \"couch\", \"remote control\"]}\n";

  @Test
  void scores_a_hand_worked_pair_of_captions() {
    ChairAccumulator acc = new ChairAccumulator();
    ChairCaptionScore first =
        CHAIR.score(
            "A man rides a horse next to a dog and another dog.", List.of("person", "horse"));
    assertThat(first.mentions()).containsExactly("person", "horse", "dog", "dog");
    assertThat(first.hallucinatedMentions()).containsExactly("dog", "dog");
    assertThat(first.recalledCategories()).containsExactly("person", "horse");
    assertThat(first.hasHallucination()).isTrue();
    acc.add(first);
    acc.add(CHAIR.score("A cat on a sofa.", List.of("cat", "couch", "remote control")));
    ChairResult r = acc.snapshot();
    assertThat(r).isEqualTo(new ChairResult(2, 1, 6, 2, 5, 4));
    assertThat(r.chairI()).isCloseTo(1.0 / 3.0, within(EPS));
    assertThat(r.chairS()).isEqualTo(0.5);
    assertThat(r.recall()).isEqualTo(0.8);
  }

  @Test
  void evaluates_the_same_set_from_jsonl() {
    ChairReport report =
        CHAIR.evaluate(
            new ByteArrayInputStream(LINES.getBytes(StandardCharsets.UTF_8)), "chair.jsonl");
    assertThat(report.result()).isEqualTo(new ChairResult(2, 1, 6, 2, 5, 4));
    assertThat(report.badRecords()).isEmpty();
  }

  @Test
  void maps_ground_truth_synonyms_and_adds_reference_caption_objects() {
    ChairCaptionScore s =
        CHAIR.score(
            "Two people and a dog near a car.",
            List.of("men"),
            List.of("A man walks his puppy.", "Someone with a dog."));
    assertThat(s.groundTruth()).containsExactly("person", "dog");
    assertThat(s.hallucinatedMentions()).containsExactly("car");
  }

  @Test
  void degenerate_sets_give_zero_rates() {
    assertThat(new ChairAccumulator().snapshot()).isEqualTo(ChairResult.EMPTY);
    assertThat(ChairResult.EMPTY.chairI()).isZero();
    assertThat(ChairResult.EMPTY.chairS()).isZero();
    assertThat(ChairResult.EMPTY.recall()).isZero();
    // A caption without any object word and an empty ground truth.
    ChairAccumulator acc = new ChairAccumulator();
    acc.add(CHAIR.score("It is sunny.", List.of()));
    assertThat(acc.snapshot()).isEqualTo(new ChairResult(1, 0, 0, 0, 0, 0));
    assertThat(acc.snapshot().chairI()).isZero();
    assertThat(acc.snapshot().recall()).isZero();
  }

  @Test
  void rejects_unknown_ground_truth_objects() {
    assertThatThrownBy(() -> CHAIR.score("A dog.", List.of("unicorn")))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "ground-truth object must name a category of the vocabulary, but is: \"unicorn\"");
    String bad = "{\"caption\": \"A dog.\", \"objects\": [\"unicorn\"]}\n";
    assertThatThrownBy(
            () ->
                CHAIR.evaluate(
                    new ByteArrayInputStream(bad.getBytes(StandardCharsets.UTF_8)), "c.jsonl"))
        .isExactlyInstanceOf(DataFormatException.class)
        .hasMessage(
            "c.jsonl: line 1: field 'objects': ground-truth object must name a category of the"
                + " vocabulary, but is: \"unicorn\"");
  }

  @Test
  void skips_and_reports_bad_lines_keeping_good_ones() {
    String text = LINES + "{\"caption\": 3, \"objects\": []}\n";
    ChairReport report =
        CHAIR
            .withBadRecords(OnBadRecord.SKIP)
            .evaluate(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "c.jsonl");
    assertThat(report.result()).isEqualTo(new ChairResult(2, 1, 6, 2, 5, 4));
    assertThat(report.badRecords()).hasSize(1);
    BadRecord bad = report.badRecords().get(0);
    assertThat(bad.line()).isEqualTo(3);
    assertThat(bad.message())
        .isEqualTo("c.jsonl: line 3: field 'caption' must be a string, but is: number");
  }

  @Test
  void rejects_inconsistent_counts() {
    assertThatThrownBy(() -> new ChairResult(1, 2, 0, 0, 0, 0))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("hallucinatedCaptions must be <= captions (1), but is: 2");
  }
}
