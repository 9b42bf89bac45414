package dev.mia.loss.mixing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.mia.core.data.Conversation;
import dev.mia.core.data.PreferencePair;
import dev.mia.core.data.Turn;
import dev.mia.loss.DpoLoss;
import dev.mia.loss.DpoOutput;
import dev.mia.loss.LossType;
import dev.mia.loss.PreferenceLogProbs;
import java.util.List;
import org.junit.jupiter.api.Test;

class AvgDpoPairsTest {
  private static PreferencePair pair(String id, double weight) {
    return PreferencePair.builder(id, Conversation.of(Turn.human("q")), "a", "b")
        .weight(weight)
        .build();
  }

  @Test
  void reweighted_pairs_give_avg_dpo_as_one_weighted_batch() {
    AvgDpo avg = new AvgDpo(DpoLoss.builder(LossType.SIGMOID).beta(0.1).build(), 0.3);
    List<PreferencePair> pairs =
        avg.pairs(
            List.of(pair("e1", 1), pair("e2", 1)),
            List.of(pair("b1", 1), pair("b2", 1), pair("b3", 1)));
    // gamma N / n_e = 0.3 * 5 / 2, (1 - gamma) N / n_b = 0.7 * 5 / 3
    assertThat(pairs.stream().map(PreferencePair::weight).toList())
        .containsExactly(0.75, 0.75, 7.0 / 6, 7.0 / 6, 7.0 / 6);
    float[] pc = {-1f, -2f, -3f, -1.5f, -0.5f};
    float[] pr = {-2f, -1f, -4f, -2.5f, -3f};
    float[] rc = {-1.2f, -2.1f, -2.5f, -1.5f, -1f};
    float[] rr = {-1.8f, -1.1f, -3.9f, -2f, -2.5f};
    try (NDManager m = NDManager.newBaseManager()) {
      float[] w = new float[5];
      for (int i = 0; i < 5; i++) {
        w[i] = (float) pairs.get(i).weight();
      }
      DpoOutput merged =
          avg.loss()
              .compute(
                  PreferenceLogProbs.builder(m.create(pc), m.create(pr))
                      .reference(m.create(rc), m.create(rr))
                      .pairWeights(m.create(w))
                      .build());
      double expected =
          avg.compute(slice(m, pc, pr, rc, rr, 0, 2), slice(m, pc, pr, rc, rr, 2, 5))
              .toType(DataType.FLOAT64, false)
              .getDouble();
      assertThat(merged.loss().toType(DataType.FLOAT64, false).getDouble())
          .isCloseTo(expected, within(1e-6));
    }
  }

  private static PreferenceLogProbs slice(
      NDManager m, float[] pc, float[] pr, float[] rc, float[] rr, int from, int to) {
    return PreferenceLogProbs.builder(
            m.create(java.util.Arrays.copyOfRange(pc, from, to)),
            m.create(java.util.Arrays.copyOfRange(pr, from, to)))
        .reference(
            m.create(java.util.Arrays.copyOfRange(rc, from, to)),
            m.create(java.util.Arrays.copyOfRange(rr, from, to)))
        .build();
  }

  @Test
  void both_sets_are_needed() {
    AvgDpo avg = new AvgDpo(DpoLoss.builder(LossType.SIGMOID).build(), 0.5);
    assertThatThrownBy(() -> avg.pairs(List.of(), List.of(pair("b", 1))))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("Avg-DPO needs external and bootstrapped pairs, but has 0 and 1");
  }
}
