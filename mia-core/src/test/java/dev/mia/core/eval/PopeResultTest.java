package dev.mia.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PopeResultTest {
  private static final double EPS = 1e-12;

  @Test
  void accumulates_a_hand_worked_set() {
    // 10 answers: 5 labelled yes (3 answered yes, 2 no), 5 labelled no (1 answered yes, 4 no).
    // TP=3 FP=1 TN=4 FN=2; acc = 7/10; P = 3/4; R = 3/5; F1 = 2*(3/4)(3/5)/(3/4+3/5) = 2/3;
    // yes-ratio = 4/10.
    PopeAccumulator acc = new PopeAccumulator();
    String[] yesAnswers = {"Yes.", "Yes, there is.", "There is one", "No.", "not really"};
    String[] noAnswers = {"Yes", "No", "no, there is not.", "There is no cat.", "No, none"};
    for (String a : yesAnswers) {
      acc.addAnswer(YesNo.YES, a);
    }
    for (String a : noAnswers) {
      acc.addAnswer(YesNo.NO, a);
    }
    PopeResult r = acc.snapshot();
    assertThat(r).isEqualTo(new PopeResult(3, 1, 4, 2));
    assertThat(r.total()).isEqualTo(10);
    assertThat(r.accuracy()).isCloseTo(0.7, within(EPS));
    assertThat(r.precision()).isCloseTo(0.75, within(EPS));
    assertThat(r.recall()).isCloseTo(0.6, within(EPS));
    assertThat(r.f1()).isCloseTo(2.0 / 3.0, within(EPS));
    assertThat(r.yesRatio()).isCloseTo(0.4, within(EPS));
  }

  @Test
  void snapshot_does_not_change_after_more_additions() {
    PopeAccumulator acc = new PopeAccumulator();
    acc.add(YesNo.YES, YesNo.YES);
    PopeResult first = acc.snapshot();
    acc.add(YesNo.NO, YesNo.YES);
    assertThat(first).isEqualTo(new PopeResult(1, 0, 0, 0));
    assertThat(acc.snapshot()).isEqualTo(new PopeResult(1, 1, 0, 0));
  }

  @Test
  void empty_set_gives_zero_metrics() {
    PopeResult r = new PopeAccumulator().snapshot();
    assertThat(r).isEqualTo(PopeResult.EMPTY);
    assertThat(new double[] {r.accuracy(), r.precision(), r.recall(), r.f1(), r.yesRatio()})
        .containsOnly(0.0);
  }

  @Test
  void all_yes_answers_on_balanced_labels() {
    // TP=2 FP=2: P = 1/2, R = 1, F1 = 2/3, acc = 1/2, yes-ratio = 1.
    PopeResult r = new PopeResult(2, 2, 0, 0);
    assertThat(r.precision()).isEqualTo(0.5);
    assertThat(r.recall()).isEqualTo(1.0);
    assertThat(r.f1()).isCloseTo(2.0 / 3.0, within(EPS));
    assertThat(r.accuracy()).isEqualTo(0.5);
    assertThat(r.yesRatio()).isEqualTo(1.0);
  }

  @Test
  void all_no_answers_give_zero_precision_recall_and_f1_not_nan() {
    // TN=2 FN=2: no predicted yes (P := 0), TP = 0 (R = 0), P + R = 0 (F1 := 0).
    PopeResult r = new PopeResult(0, 0, 2, 2);
    assertThat(r.precision()).isZero();
    assertThat(r.recall()).isZero();
    assertThat(r.f1()).isZero();
    assertThat(r.accuracy()).isEqualTo(0.5);
    assertThat(r.yesRatio()).isZero();
  }

  @Test
  void all_no_labels_answered_no_give_zero_recall() {
    // No positive label: recall := 0, precision := 0, but accuracy is 1.
    PopeResult r = new PopeResult(0, 0, 3, 0);
    assertThat(r.recall()).isZero();
    assertThat(r.precision()).isZero();
    assertThat(r.f1()).isZero();
    assertThat(r.accuracy()).isEqualTo(1.0);
  }

  @Test
  void plus_adds_counts() {
    assertThat(new PopeResult(1, 2, 3, 4).plus(new PopeResult(10, 20, 30, 40)))
        .isEqualTo(new PopeResult(11, 22, 33, 44));
  }

  @Test
  void rejects_negative_counts() {
    assertThatThrownBy(() -> new PopeResult(0, -1, 0, 0))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("falsePositives must be >= 0, but is: -1");
  }

  @Test
  void prints_counts_and_metrics() {
    assertThat(new PopeResult(1, 1, 1, 1))
        .hasToString(
            "PopeResult(n=4, tp=1, fp=1, tn=1, fn=1, accuracy=0.5, precision=0.5, recall=0.5,"
                + " f1=0.5, yesRatio=0.5)");
  }
}
