package dev.mia.examples.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mia.core.data.PreferencePair;
import dev.mia.examples.pipeline.MarkdownTable.Align;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Writes the report folder: report.json, report.md, plots and sample collages. */
final class ReportWriter {
  /** The metrics of the summary table, in order. */
  static final List<String> HEADLINE =
      List.of(
          "multi/accuracy",
          "multi/sequence-confusion",
          "multi/element-interference",
          "single/accuracy",
          "pope/f1",
          "chair/s");

  private ReportWriter() {}

  static void write(
      Path dir,
      PipelineConfig config,
      List<SeedRun> runs,
      Map<String, Object> environment,
      List<PreferencePair> samples) {
    try {
      Files.createDirectories(dir);
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("config", config.toString());
      json.put("environment", environment);
      json.put("seeds", runs.stream().map(SeedRun::seed).toList());
      json.put("summary", summary(runs));
      List<Object> perSeed = new ArrayList<>();
      for (SeedRun run : runs) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("seed", run.seed());
        r.put("seconds", run.seconds());
        r.put("sftLoss", run.sftLoss());
        r.put("sftSkippedSteps", run.sftSkippedSteps());
        r.put("before", run.before());
        Map<String, Object> methods = new LinkedHashMap<>();
        for (SeedRun.MethodRun m : run.methods()) {
          Map<String, Object> mr = new LinkedHashMap<>();
          mr.put("after", m.after());
          mr.put("delta", delta(run.before(), m.after()));
          // sorted: the counts' map has no order of its own, and the file should not vary
          mr.put("data", new TreeMap<>(m.data().counts()));
          mr.put("selectionMessages", m.data().messages());
          mr.put("vigTau", Double.isNaN(m.data().vigTau()) ? null : m.data().vigTau());
          mr.put("attentionShareKept", m.data().keptShares());
          mr.put("attentionShareDropped", m.data().droppedShares());
          mr.put("sampleVig", m.data().vig());
          mr.put("loss", m.curve().loss());
          mr.put("rewardMargin", m.curve().margin());
          mr.put("rewardAccuracy", m.curve().accuracy());
          mr.put("chosenLogProb", m.curve().chosenLogProb());
          mr.put("rejectedLogProb", m.curve().rejectedLogProb());
          mr.put("seconds", m.seconds());
          methods.put(m.method().cliName(), mr);
        }
        r.put("methods", methods);
        perSeed.add(r);
      }
      json.put("runs", perSeed);
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(dir.resolve("report.json").toFile(), nanToNull(json));
      for (Plots.Figure figure : Plots.all(runs)) {
        figure.write(dir);
      }
      SampleCollage.write(dir.resolve("samples.png"), samples);
      Files.writeString(
          dir.resolve("report.md"), markdown(config, runs, environment), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report to " + dir, e);
    }
  }

  /** Per method, per metric: mean and sample standard deviation of after and of after - before. */
  static Map<String, Object> summary(List<SeedRun> runs) {
    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, List<Double>> sft = new LinkedHashMap<>();
    for (SeedRun run : runs) {
      run.before().forEach((k, v) -> sft.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
    }
    out.put("sft", stats(sft));
    if (runs.isEmpty()) {
      return out;
    }
    for (SeedRun.MethodRun first : runs.get(0).methods()) {
      Map<String, List<Double>> after = new LinkedHashMap<>();
      Map<String, List<Double>> delta = new LinkedHashMap<>();
      for (SeedRun run : runs) {
        for (SeedRun.MethodRun m : run.methods()) {
          if (m.method() == first.method()) {
            m.after().forEach((k, v) -> after.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
            delta(run.before(), m.after())
                .forEach((k, v) -> delta.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
          }
        }
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("after", stats(after));
      m.put("delta", stats(delta));
      out.put(first.method().cliName(), m);
    }
    return out;
  }

  private static Map<String, Map<String, Double>> stats(Map<String, List<Double>> values) {
    Map<String, Map<String, Double>> out = new LinkedHashMap<>();
    values.forEach(
        (k, v) -> {
          Spread spread = Spread.of(v);
          Map<String, Double> s = new LinkedHashMap<>();
          s.put("mean", spread.mean());
          s.put("std", spread.sd());
          s.put("n", (double) spread.n());
          out.put(k, s);
        });
    return out;
  }

  static Map<String, Double> delta(Map<String, Double> before, Map<String, Double> after) {
    Map<String, Double> out = new LinkedHashMap<>();
    after.forEach((k, v) -> out.put(k, v - before.getOrDefault(k, Double.NaN)));
    return out;
  }

  private static Object nanToNull(Object value) {
    if (value instanceof Double d) {
      return Double.isFinite(d) ? d : null;
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(k, nanToNull(v)));
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(v -> out.add(nanToNull(v)));
      return out;
    }
    return value;
  }

  /**
   * The headline table: per method, the change of each {@link #HEADLINE} metric from the SFT model
   * in points, mean ± sample standard deviation over seeds.
   */
  static String deltaTable(List<SeedRun> runs) {
    MarkdownTable table = new MarkdownTable().column("method", Align.LEFT);
    HEADLINE.forEach(k -> table.column("Δ " + k, Align.RIGHT));
    for (Method m : methods(runs)) {
      List<String> row = new ArrayList<>(List.of(m.cliName()));
      for (String k : HEADLINE) {
        row.add(Spread.of(values(runs, m, k, true)).signedPoints());
      }
      table.row(row);
    }
    return table.render();
  }

  /** The premise metrics of the SFT model with their thresholds, per seed, in points. */
  static final List<Premise> PREMISE =
      List.of(
          new Premise("colour/accuracy", 0.90),
          new Premise("count/accuracy", 0.80),
          new Premise("position/accuracy", 0.80),
          new Premise("position/one-object/accuracy", Double.NaN),
          new Premise("position/several-objects/accuracy", Double.NaN),
          new Premise("pope/random/accuracy", 0.90),
          new Premise("pope/popular/accuracy", 0.90),
          new Premise("pope/adversarial/accuracy", 0.90),
          new Premise("multi/accuracy", Double.NaN),
          new Premise("multi/premise-share", 0.50));

  /**
   * One premise metric.
   *
   * @param metric the metric's key
   * @param threshold the least value at which it meets the premise, NaN for none
   */
  record Premise(String metric, double threshold) {}

  /**
   * The premise table: per premise metric its threshold, the SFT model's value on each seed and
   * whether every seed meets the threshold.
   */
  static String premiseTable(List<SeedRun> runs) {
    MarkdownTable table =
        new MarkdownTable().column("metric", Align.LEFT).column("threshold", Align.RIGHT);
    runs.forEach(r -> table.column("seed " + r.seed(), Align.RIGHT));
    table.column("met", Align.LEFT);
    for (Premise p : PREMISE) {
      List<String> row = new ArrayList<>(List.of(p.metric()));
      row.add(Double.isNaN(p.threshold()) ? "" : MarkdownTable.fixed(100 * p.threshold(), 0));
      boolean met = true;
      for (SeedRun r : runs) {
        double v = r.before().getOrDefault(p.metric(), Double.NaN);
        row.add(MarkdownTable.fixed(100 * v, 1));
        met &= v >= p.threshold();
      }
      row.add(Double.isNaN(p.threshold()) ? "" : met ? "yes" : "no");
      table.row(row);
    }
    return table.render();
  }

  /**
   * The SFT model's and each method's value of each {@link #HEADLINE} metric in points, mean ±
   * sample standard deviation over seeds.
   */
  static String afterTable(List<SeedRun> runs) {
    MarkdownTable table = new MarkdownTable().column("model", Align.LEFT);
    HEADLINE.forEach(k -> table.column(k, Align.RIGHT));
    List<String> sft = new ArrayList<>(List.of("SFT (before)"));
    for (String k : HEADLINE) {
      List<Double> v = new ArrayList<>();
      runs.forEach(r -> v.add(r.before().getOrDefault(k, Double.NaN)));
      sft.add(Spread.of(v).points());
    }
    table.row(sft);
    for (Method m : methods(runs)) {
      List<String> row = new ArrayList<>(List.of(m.cliName()));
      for (String k : HEADLINE) {
        row.add(Spread.of(values(runs, m, k, false)).points());
      }
      table.row(row);
    }
    return table.render();
  }

  /** A metric of a method over seeds: after training, or after minus the seed's SFT model. */
  private static List<Double> values(List<SeedRun> runs, Method m, String metric, boolean delta) {
    List<Double> out = new ArrayList<>();
    for (SeedRun run : runs) {
      for (SeedRun.MethodRun r : run.methods()) {
        if (r.method() == m) {
          double after = r.after().getOrDefault(metric, Double.NaN);
          out.add(delta ? after - run.before().getOrDefault(metric, Double.NaN) : after);
        }
      }
    }
    return out;
  }

  /**
   * The data table: one row per count of the data step (sources, drops per stage, pairs, ...), one
   * column per method; with several seeds, the mean over them with one decimal.
   */
  static String dataTable(List<SeedRun> runs) {
    List<Method> methods = methods(runs);
    Set<String> keys =
        new TreeSet<>(
            Comparator.comparing(ReportWriter::countRank).thenComparing(Comparator.naturalOrder()));
    runs.forEach(r -> r.methods().forEach(m -> keys.addAll(m.data().counts().keySet())));
    MarkdownTable table = new MarkdownTable().column("count", Align.LEFT);
    methods.forEach(m -> table.column(m.cliName(), Align.RIGHT));
    for (String key : keys) {
      List<String> row = new ArrayList<>(List.of(key));
      for (Method m : methods) {
        List<Double> v = new ArrayList<>();
        for (SeedRun run : runs) {
          for (SeedRun.MethodRun r : run.methods()) {
            if (r.method() == m && r.data().counts().containsKey(key)) {
              v.add(r.data().counts().get(key));
            }
          }
        }
        row.add(
            v.isEmpty() ? "-" : MarkdownTable.fixed(Spread.of(v).mean(), runs.size() > 1 ? 1 : 0));
      }
      table.row(row);
    }
    return table.render();
  }

  /** The order of the data step's counts: inputs first, drops by stage, what is left last. */
  private static int countRank(String key) {
    return switch (key) {
      case "sources" -> 0;
      case "examples" -> 1;
      case "inputs" -> 2;
      case "scored" -> 3;
      case "errors" -> 4;
      case "uncollatable" -> 6;
      case "selected" -> 7;
      case "pairs" -> 8;
      default -> key.endsWith(" dropped") ? 5 : 9;
    };
  }

  /** Seconds per phase of each seed, and per method (mean over seeds). */
  static String timingTables(List<SeedRun> runs) {
    Set<String> phases = new java.util.LinkedHashSet<>();
    runs.forEach(r -> phases.addAll(r.seconds().keySet()));
    MarkdownTable seeds = new MarkdownTable().column("seed", Align.LEFT);
    phases.forEach(p -> seeds.column(p, Align.RIGHT));
    seeds.column("methods", Align.RIGHT);
    for (SeedRun run : runs) {
      List<String> row = new ArrayList<>(List.of(Long.toString(run.seed())));
      phases.forEach(
          p -> row.add(MarkdownTable.fixed(run.seconds().getOrDefault(p, Double.NaN), 1)));
      double methods = 0;
      for (SeedRun.MethodRun m : run.methods()) {
        methods += m.seconds().values().stream().mapToDouble(Double::doubleValue).sum();
      }
      row.add(MarkdownTable.fixed(methods, 1));
      seeds.row(row);
    }
    Set<String> steps = new java.util.LinkedHashSet<>();
    runs.forEach(r -> r.methods().forEach(m -> steps.addAll(m.seconds().keySet())));
    MarkdownTable methods = new MarkdownTable().column("method", Align.LEFT);
    steps.forEach(p -> methods.column(p, Align.RIGHT));
    for (Method m : methods(runs)) {
      List<String> row = new ArrayList<>(List.of(m.cliName()));
      for (String p : steps) {
        List<Double> v = new ArrayList<>();
        runs.forEach(
            r ->
                r.methods().stream()
                    .filter(x -> x.method() == m && x.seconds().containsKey(p))
                    .forEach(x -> v.add(x.seconds().get(p))));
        row.add(v.isEmpty() ? "-" : MarkdownTable.fixed(Spread.of(v).mean(), 1));
      }
      methods.row(row);
    }
    return "Seconds per phase of each seed:\n\n"
        + seeds.render()
        + "\nSeconds per method, mean over "
        + Plots.seeds(runs)
        + ":\n\n"
        + methods.render();
  }

  /** A two-column table of settings: every record component, nested records flattened. */
  static String settingsTable(Map<String, ?> settings) {
    MarkdownTable table =
        new MarkdownTable().column("setting", Align.LEFT).column("value", Align.LEFT);
    settings.forEach((k, v) -> table.row(k, String.valueOf(v)));
    return table.render();
  }

  /** A record's components by name, nested records flattened to {@code outer.inner}. */
  static Map<String, String> components(Record record) {
    Map<String, String> out = new LinkedHashMap<>();
    flatten("", record, out);
    return out;
  }

  private static void flatten(String prefix, Record record, Map<String, String> out) {
    for (java.lang.reflect.RecordComponent c : record.getClass().getRecordComponents()) {
      Object value;
      try {
        value = c.getAccessor().invoke(record);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot read " + c.getName() + " of " + record, e);
      }
      String name = prefix + c.getName();
      if (value instanceof Record nested) {
        flatten(name + ".", nested, out);
      } else if (value instanceof Set<?> set) {
        List<String> names = new ArrayList<>();
        set.forEach(x -> names.add(String.valueOf(x).toLowerCase(java.util.Locale.ROOT)));
        names.sort(Comparator.naturalOrder());
        out.put(name, String.join(", ", names));
      } else {
        out.put(name, String.valueOf(value));
      }
    }
  }

  /** The environment's values as text: numbers with two decimals, the rest as they print. */
  private static Map<String, String> environmentText(Map<String, Object> environment) {
    Map<String, String> out = new LinkedHashMap<>();
    environment.forEach(
        (k, v) ->
            out.put(
                k,
                v instanceof Double d
                    ? MarkdownTable.fixed(d, 2)
                    : v instanceof Record r ? spaced(components(r)) : String.valueOf(v)));
    return out;
  }

  /** {@code a 1, b 2} for the map {@code a=1, b=2}. */
  private static String spaced(Map<String, String> values) {
    List<String> parts = new ArrayList<>();
    values.forEach((k, v) -> parts.add(k + " " + v));
    return String.join(", ", parts);
  }

  private static List<Method> methods(List<SeedRun> runs) {
    Set<Method> in = EnumSet.noneOf(Method.class);
    runs.forEach(r -> r.methods().forEach(m -> in.add(m.method())));
    return List.copyOf(in);
  }

  private static String markdown(
      PipelineConfig config, List<SeedRun> runs, Map<String, Object> environment) {
    StringBuilder md = new StringBuilder();
    md.append("# mia end-to-end report\n\n");
    md.append("Tiny LVLM on the synthetic world; held-out ")
        .append(environment.getOrDefault("heldOutSplit", "test"))
        .append(" split; ")
        .append(Plots.seeds(runs))
        .append(". Values are mean ± sample standard deviation over seeds, in points (×100);")
        .append(" Δ is after − before (the SFT model). Hyperparameters were chosen on a separate")
        .append(" validation split, never on the test split.\n\n");
    md.append("## MIA-DPO's premise, measured on the SFT model\n\n").append(premiseTable(runs));
    md.append("\nThe premise holds when single-image accuracy reaches the thresholds (colour 90,")
        .append(" count 80, position 80, existence 90 on every POPE sampling) and at least half of")
        .append(" the multi-image errors are sequence confusion or element interference.\n\n");
    md.append("## Change from the SFT model (Δ, points)\n\n").append(deltaTable(runs));
    md.append("\n`continued-sft` is a control, not a method: the SFT data again for the same step")
        .append(" budget. A method whose Δ lies within the control's spread is not")
        .append(" distinguishable from continued training.\n\n");
    md.append("## After training (points)\n\n").append(afterTable(runs));
    md.append("\nRates are shares of answers; sequence confusion and element interference are")
        .append(" shares of all multi-image answers (mia's `MultiImageJudge`). CHAIR_s is the")
        .append(" share of captions naming an absent object.\n\n");
    md.append("## Data per method (")
        .append(runs.size() > 1 ? "mean over " : "")
        .append(Plots.seeds(runs))
        .append(")\n\n")
        .append(dataTable(runs))
        .append('\n');
    md.append(Findings.markdown(runs));
    md.append("## Plots\n\n");
    md.append("![change from SFT per metric](deltas.png)\n\n");
    md.append("![alignment curves](curves.png)\n\n");
    md.append("![attention share](attention-share.png)\n\n");
    md.append("![VIG](vig-histogram.png)\n\n![SFT loss](sft-loss.png)\n\n");
    md.append("![samples](samples.png)\n\n");
    md.append("## Configuration\n\n").append(settingsTable(components(config))).append('\n');
    md.append("## Environment\n\n").append(settingsTable(environmentText(environment)));
    md.append("\n## Timings\n\n").append(timingTables(runs));
    md.append("\nEvery number is in report.json.\n");
    return md.toString();
  }
}
