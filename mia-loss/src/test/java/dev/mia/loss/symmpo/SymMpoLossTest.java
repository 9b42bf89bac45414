package dev.mia.loss.symmpo;

import static dev.mia.core.testing.NDAssertions.doubles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.mia.core.NonFiniteValueException;
import dev.mia.loss.DpoOutput;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

@ResourceLock("djl-gradient-collector")
class SymMpoLossTest {
  // Two pairs; columns: y_w|m, y_l|m, y'|m, y_w|m', y'|m'.
  private static final double[][] POLICY = {
    {-1.0, -3.0, -2.5, -4.0, -1.5}, {-2.0, -1.5, -2.2, -2.1, -3.0}
  };
  private static final double[][] REFERENCE = {
    {-1.5, -2.5, -2.0, -3.0, -2.0}, {-2.1, -1.8, -2.0, -2.5, -2.9}
  };

  private NDManager manager;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  private SymMpoSide side(double[][] values) {
    NDArray[] columns = new NDArray[5];
    for (int k = 0; k < 5; k++) {
      columns[k] = manager.create(new double[] {values[0][k], values[1][k]});
    }
    return new SymMpoSide(columns[0], columns[1], columns[2], columns[3], columns[4]);
  }

  private static double nls(double x) {
    return Math.log1p(Math.exp(-x));
  }

  /** The formula of the javadoc in plain doubles. */
  private static double reference(
      double[][] p, double[][] r, double beta, double beta2, double lambda, double a, double mu) {
    double sum = 0;
    for (int i = 0; i < 2; i++) {
      double[] rho = new double[5];
      for (int k = 0; k < 5; k++) {
        rho[k] = p[i][k] - r[i][k];
      }
      double h0 = rho[0] - rho[1];
      double h1 = rho[0] - rho[2];
      double h2 = rho[4] - rho[3];
      sum +=
          nls(beta * h0)
              + lambda * (nls(beta * h1) + nls(beta * h2))
              + a * (nls(beta * rho[0]) + nls(beta2 * rho[4]))
              + mu * (h1 - h2) * (h1 - h2);
    }
    return sum / 2;
  }

  @Test
  void matches_the_hand_derived_formula() {
    // Pair 0: rho = (0.5, -0.5, -0.5, -1.0, 0.5): h0 = 1, h1 = 1, h2 = 1.5.
    SymMpoLoss loss =
        SymMpoLoss.builder()
            .beta(0.5)
            .contrastAnchorBeta(0.3)
            .symmetricWeight(0.7)
            .marginConsistencyWeight(0.2)
            .build();
    DpoOutput out = loss.compute(side(POLICY), side(REFERENCE));

    assertThat(out.lossValue())
        .isCloseTo(reference(POLICY, REFERENCE, 0.5, 0.3, 0.7, 1, 0.2), within(1e-14));
    double pair0 = nls(0.5) + 0.7 * (nls(0.5) + nls(0.75)) + nls(0.25) + nls(0.15) + 0.2 * 0.25;
    assertThat(out.perPairLossValues()[0]).isCloseTo(pair0, within(1e-14));
    assertThat(out.chosenRewardValues()[0]).isCloseTo(0.25, within(1e-15));
    // Pair 1: rho(y_w|m) = 0.1 < rho(y_l|m) = 0.3, so one pair of two is right.
    assertThat(out.accuracy().getDouble()).isEqualTo(0.5);
  }

  @Test
  void defaults_are_the_released_codes() {
    SymMpoLoss loss = SymMpoLoss.builder().build();

    assertThat(loss)
        .hasToString(
            "SymMpoLoss(beta=0.1, contrastAnchorBeta=0.1, symmetricWeight=1.0, anchorWeight=1.0,"
                + " marginConsistencyWeight=1.0E-4)");
    assertThat(loss.compute(side(POLICY), side(REFERENCE)).lossValue())
        .isCloseTo(reference(POLICY, REFERENCE, 0.1, 0.1, 1, 1, 1e-4), within(1e-14));
  }

  private double lossAt(SymMpoLoss loss, int i, int k, double h) {
    double[][] p = {POLICY[0].clone(), POLICY[1].clone()};
    p[i][k] += h;
    return loss.compute(side(p), side(REFERENCE)).lossValue();
  }

  @Test
  void gradient_matches_central_differences() {
    SymMpoLoss loss = SymMpoLoss.builder().beta(0.5).marginConsistencyWeight(0.3).build();
    SymMpoSide policy = side(POLICY);
    NDArray[] arrays = {
      policy.chosen(),
      policy.rejected(),
      policy.contrastAnswer(),
      policy.chosenOnContrastImage(),
      policy.contrastAnswerOnContrastImage()
    };
    for (NDArray a : arrays) {
      a.setRequiresGradient(true);
    }
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      gc.backward(loss.compute(policy, side(REFERENCE)).loss());
    }
    double h = 1e-6;
    for (int k = 0; k < 5; k++) {
      double[] analytic = doubles(arrays[k].getGradient());
      for (int i = 0; i < 2; i++) {
        double numeric = (lossAt(loss, i, k, h) - lossAt(loss, i, k, -h)) / (2 * h);
        assertThat(analytic[i]).as("pair %d input %d", i, k).isCloseTo(numeric, within(1e-8));
      }
    }
  }

  @Test
  void non_finite_inputs_name_the_model_input_and_pair() {
    double[][] bad = {POLICY[0].clone(), POLICY[1].clone()};
    bad[1][3] = Double.NaN;

    assertThatThrownBy(() -> SymMpoLoss.builder().build().compute(side(bad), side(REFERENCE)))
        .isExactlyInstanceOf(NonFiniteValueException.class)
        .hasMessage("pair 1: policy chosenOnContrastImage is NaN");
    assertThatThrownBy(() -> SymMpoLoss.builder().beta(0).build())
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("beta must be > 0 and finite, but is: 0.0");
  }

  @Test
  void djl_adapter_reads_five_policy_and_five_reference_slots() {
    SymMpoLoss loss = SymMpoLoss.builder().beta(0.5).build();
    SymMpoSide p = side(POLICY);
    SymMpoSide r = side(REFERENCE);
    ai.djl.ndarray.NDList predictions =
        new ai.djl.ndarray.NDList(
            p.chosen(),
            p.rejected(),
            p.contrastAnswer(),
            p.chosenOnContrastImage(),
            p.contrastAnswerOnContrastImage());
    ai.djl.ndarray.NDList labels =
        new ai.djl.ndarray.NDList(
            r.chosen(),
            r.rejected(),
            r.contrastAnswer(),
            r.chosenOnContrastImage(),
            r.contrastAnswerOnContrastImage());

    assertThat(new SymMpoTrainingLoss(loss).evaluate(labels, predictions).getDouble())
        .isCloseTo(loss.compute(p, r).lossValue(), within(1e-15));
    assertThatThrownBy(
            () ->
                new SymMpoTrainingLoss(loss)
                    .evaluate(labels, new ai.djl.ndarray.NDList(p.chosen())))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "predictions and labels need five arrays each (policy and reference log-probs of"
                + " y_w|m, y_l|m, y'|m, y_w|m', y'|m'), but have 1 and 5");
  }
}
