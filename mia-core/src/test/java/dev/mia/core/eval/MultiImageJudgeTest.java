package dev.mia.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mia.core.DataFormatException;
import dev.mia.core.io.BadRecord;
import dev.mia.core.io.OnBadRecord;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MultiImageJudgeTest {
  // Question "What colour is the cube?" about image 0 of three.
  private static final List<ImageTruth> IMAGES =
      List.of(
          new ImageTruth(Set.of("red"), Set.of("red", "cube", "left")),
          new ImageTruth(Set.of("blue"), Set.of("blue", "sphere", "right")),
          new ImageTruth(Set.of("green"), Set.of("green", "cube", "center")));

  private static MultiImageOutcome judge(MultiImageJudge judge, String answer) {
    return judge.classify(new MultiImageItem("q", 0, IMAGES, answer));
  }

  @Test
  void classifies_by_the_documented_definitions() {
    MultiImageJudge j = MultiImageJudge.DEFAULT;
    assertThat(judge(j, "Red.")).isEqualTo(MultiImageOutcome.CORRECT);
    assertThat(judge(j, "The cube is RED")).isEqualTo(MultiImageOutcome.CORRECT);
    assertThat(judge(j, "It is blue")).isEqualTo(MultiImageOutcome.SEQUENCE_CONFUSION);
    // "sphere" belongs to image 1 and not to the target.
    assertThat(judge(j, "a sphere")).isEqualTo(MultiImageOutcome.ELEMENT_INTERFERENCE);
    // "cube" belongs to image 2 but also to the target: no interference.
    assertThat(judge(j, "a cube")).isEqualTo(MultiImageOutcome.OTHER_WRONG);
    assertThat(judge(j, "reddish")).isEqualTo(MultiImageOutcome.OTHER_WRONG);
    assertThat(judge(j, "")).isEqualTo(MultiImageOutcome.OTHER_WRONG);
  }

  @Test
  void exact_matching_needs_the_whole_answer() {
    MultiImageJudge j = MultiImageJudge.of(AnswerMatching.EXACT);
    assertThat(judge(j, "Red!")).isEqualTo(MultiImageOutcome.CORRECT);
    assertThat(judge(j, "The cube is red")).isEqualTo(MultiImageOutcome.OTHER_WRONG);
    assertThat(judge(j, "blue")).isEqualTo(MultiImageOutcome.SEQUENCE_CONFUSION);
    assertThat(judge(j, "blue sphere")).isEqualTo(MultiImageOutcome.ELEMENT_INTERFERENCE);
  }

  @Test
  void accumulates_hand_worked_rates() {
    // 5 answers: 1 correct, 2 sequence confusion, 1 interference, 1 other.
    // error rate 4/5; sequence share 2/4; interference share 1/4.
    MultiImageAccumulator acc = new MultiImageAccumulator();
    for (String a : List.of("red", "blue", "green", "sphere", "purple")) {
      acc.add(judge(MultiImageJudge.DEFAULT, a));
    }
    MultiImageResult r = acc.snapshot();
    assertThat(r).isEqualTo(new MultiImageResult(1, 2, 1, 1));
    assertThat(r.total()).isEqualTo(5);
    assertThat(r.errorRate()).isEqualTo(0.8);
    assertThat(r.sequenceConfusionShare()).isEqualTo(0.5);
    assertThat(r.elementInterferenceShare()).isEqualTo(0.25);
  }

  @Test
  void degenerate_sets_give_zero_rates() {
    assertThat(new MultiImageAccumulator().snapshot()).isEqualTo(MultiImageResult.EMPTY);
    MultiImageResult allCorrect = new MultiImageResult(3, 0, 0, 0);
    assertThat(allCorrect.errorRate()).isZero();
    assertThat(allCorrect.sequenceConfusionShare()).isZero();
    assertThat(MultiImageResult.EMPTY.elementInterferenceShare()).isZero();
  }

  @Test
  void rejects_bad_items() {
    assertThatThrownBy(() -> new MultiImageItem("q7", 3, IMAGES, "red"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("targetIndex of q7 must be in [0, 2], but is: 3");
    List<ImageTruth> noAnswer = List.of(new ImageTruth(Set.of(), Set.of("red")));
    assertThatThrownBy(() -> new MultiImageItem("q8", 0, noAnswer, "red"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("the target image of q8 must have at least one acceptable answer");
  }

  @Test
  void evaluates_jsonl_and_reports_bad_lines() {
    String images =
        "[{\"answers\": [\"red\"], \"attributes\": [\"red\", \"cube\"]},"
            + " {\"answers\": [\"blue\"], \"attributes\": [\"blue\", \"sphere\"]}]";
    String text =
        "{\"id\": \"a\", \"target_index\": 0, \"answer\": \"Red.\", \"images\": "
            + images
            + "}\n{\"id\": \"b\", \"target_index\": 0, \"answer\": \"blue\", \"images\": "
            + images
            + "}\n{\"id\": \"c\", \"target_index\": 2, \"answer\": \"blue\", \"images\": "
            + images
            + "}\n";
    ByteArrayInputStream in = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    MultiImageReport report =
        MultiImageEvaluator.DEFAULT.withBadRecords(OnBadRecord.SKIP).evaluate(in, "m");
    assertThat(report.result()).isEqualTo(new MultiImageResult(1, 1, 0, 0));
    assertThat(report.badRecords()).hasSize(1);
    BadRecord bad = report.badRecords().get(0);
    assertThat(bad.line()).isEqualTo(3);
    assertThat(bad.id()).isEqualTo("c");
    assertThat(bad.message()).isEqualTo("m: line 3: targetIndex of c must be in [0, 1], but is: 2");
    assertThatThrownBy(
            () ->
                MultiImageEvaluator.DEFAULT.evaluate(
                    new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "m.jsonl"))
        .isExactlyInstanceOf(DataFormatException.class)
        .hasMessage("m.jsonl: line 3: targetIndex of c must be in [0, 1], but is: 2");
  }
}
