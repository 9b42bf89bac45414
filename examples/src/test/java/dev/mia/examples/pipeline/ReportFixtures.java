package dev.mia.examples.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Two seeds of made-up results for the report's tables and figures: mia-dpo trains 7 steps, bpo 60,
 * vig-sft and continued-sft 5 (loss only), so curves of different lengths and kinds meet.
 */
final class ReportFixtures {
  private ReportFixtures() {}

  static List<SeedRun> runs() {
    return List.of(run(0), run(1));
  }

  static SeedRun run(long seed) {
    double s = seed;
    Map<String, Double> before = metrics(0.40, 0.20, 0.05, 0.80, 0.70, 0.30);
    List<SeedRun.MethodRun> methods = new ArrayList<>();
    methods.add(
        new SeedRun.MethodRun(
            Method.MIA_DPO,
            new PairSet(
                List.of(),
                List.of(),
                List.of(),
                Map.of("sources", 8.0, "select:attention dropped", 2.0 + s, "pairs", 6.0 - s),
                List.of(0.1, 0.2, 0.3),
                List.of(0.9, 0.95),
                List.of(),
                Double.NaN,
                List.of()),
            curve(7, 0.69, true),
            metrics(0.43 + 0.02 * s, 0.18, 0.05, 0.79, 0.70, 0.30),
            seconds(1.0, 2.0, 3.0)));
    methods.add(
        new SeedRun.MethodRun(
            Method.BPO,
            PairSet.pairsOnly(List.of(), Map.of("sources", 8.0, "pairs", 8.0), List.of()),
            curve(60, 0.69, true),
            metrics(0.41, 0.20, 0.05, 0.78 - 0.02 * s, 0.70, 0.30),
            seconds(1.5, 2.5, 3.5)));
    methods.add(
        new SeedRun.MethodRun(
            Method.VIG_SFT,
            new PairSet(
                List.of(),
                List.of(),
                List.of(),
                Map.of("sources", 8.0, "scored", 8.0, "selected", 6.0),
                List.of(),
                List.of(),
                List.of(0.01, 0.02, 0.03, 0.5),
                0.02 + 0.01 * s,
                List.of()),
            curve(5, 2.0, false),
            metrics(0.40, 0.20, 0.05, 0.80, 0.70, 0.30),
            seconds(0.5, 1.0, 3.0)));
    methods.add(
        new SeedRun.MethodRun(
            Method.CONTINUED_SFT,
            PairSet.pairsOnly(List.of(), Map.of("examples", 100.0), List.of()),
            curve(5, 1.0, false),
            metrics(0.40 + 0.01 * s, 0.20, 0.05, 0.80, 0.70, 0.30),
            seconds(0.0, 1.0, 3.0)));
    List<Double> sftLoss = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      sftLoss.add(3.0 / (1 + i + s));
    }
    return new SeedRun(seed, sftLoss, 0, before, methods, phases(1.0, 10.0 + seed, 3.0));
  }

  /** A method's seconds in the pipeline's order: data, train, eval. */
  static Map<String, Double> seconds(double data, double train, double eval) {
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("data", data);
    out.put("train", train);
    out.put("eval", eval);
    return out;
  }

  /** A seed's seconds in the pipeline's order: data, sft, evalSft. */
  static Map<String, Double> phases(double data, double sft, double evalSft) {
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("data", data);
    out.put("sft", sft);
    out.put("evalSft", evalSft);
    return out;
  }

  /** A made-up curve: loss falling from {@code start}, preference quantities only if asked. */
  static Alignment.Curve curve(int steps, double start, boolean preference) {
    List<Double> loss = new ArrayList<>();
    List<Double> margin = new ArrayList<>();
    List<Double> accuracy = new ArrayList<>();
    List<Double> chosen = new ArrayList<>();
    List<Double> rejected = new ArrayList<>();
    for (int i = 0; i < steps; i++) {
      loss.add(start / (1 + 0.1 * i));
      margin.add(preference ? 0.01 * i : Double.NaN);
      accuracy.add(preference ? Math.min(1, 0.5 + 0.05 * i) : Double.NaN);
      chosen.add(preference ? -5.0 - 0.1 * i : Double.NaN);
      rejected.add(preference ? -5.0 - 0.3 * i : Double.NaN);
    }
    return new Alignment.Curve(loss, margin, accuracy, chosen, rejected);
  }

  static Map<String, Double> metrics(
      double multi, double confusion, double interference, double single, double f1, double chair) {
    return Map.of(
        "multi/accuracy",
        multi,
        "multi/sequence-confusion",
        confusion,
        "multi/element-interference",
        interference,
        "single/accuracy",
        single,
        "pope/f1",
        f1,
        "chair/s",
        chair);
  }
}
