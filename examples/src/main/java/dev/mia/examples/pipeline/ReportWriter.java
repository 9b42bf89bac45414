package dev.mia.examples.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mia.core.data.PreferencePair;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
          mr.put("data", m.data().counts());
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
      plots(dir, runs);
      collage(dir.resolve("samples.png"), samples);
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
          double mean = v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
          double ss = 0;
          for (double x : v) {
            ss += (x - mean) * (x - mean);
          }
          Map<String, Double> s = new LinkedHashMap<>();
          s.put("mean", mean);
          s.put("std", v.size() > 1 ? Math.sqrt(ss / (v.size() - 1)) : 0.0);
          s.put("n", (double) v.size());
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

  @SuppressWarnings("unchecked")
  private static String markdown(
      PipelineConfig config, List<SeedRun> runs, Map<String, Object> environment) {
    StringBuilder md = new StringBuilder();
    md.append("# mia end-to-end report\n\n");
    md.append("Tiny LVLM on the synthetic world; held-out ")
        .append(environment.getOrDefault("heldOutSplit", "test"))
        .append(" split; seeds ")
        .append(runs.stream().map(r -> Long.toString(r.seed())).toList())
        .append(". Values are mean ± sample standard deviation over seeds; Δ is after − before")
        .append(" (SFT), in points (×100). Hyperparameters were chosen on a separate validation")
        .append(" split, never on the test split.\n\n");
    Map<String, Object> summary = summary(runs);
    Map<String, Map<String, Double>> sft = (Map<String, Map<String, Double>>) summary.get("sft");
    md.append("| method |");
    for (String k : HEADLINE) {
      md.append(' ').append(k).append(" |");
    }
    md.append("\n|---|");
    md.append("---|".repeat(HEADLINE.size())).append('\n');
    md.append("| SFT (before) |");
    for (String k : HEADLINE) {
      md.append(' ').append(cell(sft.get(k))).append(" |");
    }
    md.append('\n');
    for (Map.Entry<String, Object> e : summary.entrySet()) {
      if (e.getKey().equals("sft")) {
        continue;
      }
      Map<String, Map<String, Map<String, Double>>> m =
          (Map<String, Map<String, Map<String, Double>>>) e.getValue();
      md.append("| ").append(e.getKey()).append(" |");
      for (String k : HEADLINE) {
        md.append(' ')
            .append(cell(m.get("after").get(k)))
            .append(" (Δ ")
            .append(cell(m.get("delta").get(k)))
            .append(") |");
      }
      md.append('\n');
    }
    md.append("\n`continued-sft` is a control, not a method: the SFT data again for the same step")
        .append(" budget. A method whose Δ lies within the control's spread is not")
        .append(" distinguishable from continued training.\n");
    md.append("\nRates are shares of answers; sequence confusion and element interference are")
        .append(" shares of all multi-image answers (mia's `MultiImageJudge`). CHAIR_s is the")
        .append(" share of captions naming an absent object.\n\n");
    md.append("## Data per method (seed ").append(runs.isEmpty() ? "-" : runs.get(0).seed());
    md.append(")\n\n| method | counts |\n|---|---|\n");
    if (!runs.isEmpty()) {
      for (SeedRun.MethodRun m : runs.get(0).methods()) {
        md.append("| ").append(m.method().cliName()).append(" | ");
        md.append(new java.util.TreeMap<>(m.data().counts())).append(" |\n");
      }
    }
    md.append('\n').append(Findings.markdown(runs));
    md.append("## Plots\n\n");
    md.append("![training curves](curves.png)\n\n![attention share](attention-share.png)\n\n");
    md.append("![VIG](vig-histogram.png)\n\n![SFT loss](sft-loss.png)\n\n");
    md.append("![samples](samples.png)\n\n");
    md.append("## Configuration\n\n```\n").append(config).append("\n```\n\n");
    md.append("## Environment and timings\n\n```\n").append(environment).append("\n```\n\n");
    for (SeedRun run : runs) {
      md.append("- seed ").append(run.seed()).append(": ").append(run.seconds()).append('\n');
    }
    md.append("\nEvery number is in report.json.\n");
    return md.toString();
  }

  private static String cell(Map<String, Double> s) {
    if (s == null || !Double.isFinite(s.get("mean"))) {
      return "n/a";
    }
    return String.format(Locale.ROOT, "%.1f ± %.1f", 100 * s.get("mean"), 100 * s.get("std"));
  }

  private static void plots(Path dir, List<SeedRun> runs) {
    if (runs.isEmpty()) {
      return;
    }
    SeedRun first = runs.get(0);
    Map<String, Map<String, List<Double>>> panels = new LinkedHashMap<>();
    panels.put("loss", new LinkedHashMap<>());
    panels.put("reward margin", new LinkedHashMap<>());
    panels.put("reward accuracy", new LinkedHashMap<>());
    List<Double> kept = new ArrayList<>();
    List<Double> dropped = new ArrayList<>();
    List<Double> vig = new ArrayList<>();
    for (SeedRun.MethodRun m : first.methods()) {
      panels.get("loss").put(m.method().cliName(), m.curve().loss());
      panels.get("reward margin").put(m.method().cliName(), m.curve().margin());
      panels.get("reward accuracy").put(m.method().cliName(), m.curve().accuracy());
    }
    for (SeedRun run : runs) {
      for (SeedRun.MethodRun m : run.methods()) {
        if (m.method() == Method.MIA_DPO || m.method() == Method.MIA_DPO_DDPO) {
          if (m.method() == Method.MIA_DPO || kept.isEmpty()) {
            kept.addAll(m.data().keptShares());
            dropped.addAll(m.data().droppedShares());
          }
        }
        vig.addAll(m.data().vig());
      }
    }
    Plots.lines(dir.resolve("curves.png"), "alignment, seed " + first.seed(), panels);
    Plots.lines(
        dir.resolve("sft-loss.png"),
        "SFT loss",
        Map.of("loss", Map.of("seed " + first.seed(), first.sftLoss())));
    Map<String, List<Double>> shares = new LinkedHashMap<>();
    shares.put("kept", kept);
    shares.put("dropped", dropped);
    Plots.histogram(dir.resolve("attention-share.png"), "target attention share", shares, 20);
    Plots.histogram(dir.resolve("vig-histogram.png"), "sample VIG", Map.of("samples", vig), 20);
  }

  /** Up to 4 pairs: the images, the question, the chosen and the rejected answer. */
  private static void collage(Path file, List<PreferencePair> pairs) {
    int thumb = 96; // every image drawn 96 pixels high: scenes, grids and pic-in-pics alike
    int rowHeight = thumb + 50;
    List<PreferencePair> shown = pairs.subList(0, Math.min(4, pairs.size()));
    BufferedImage image = Plots.canvas(900, Math.max(1, shown.size()) * rowHeight + 10);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
    int y = 5;
    for (PreferencePair p : shown) {
      int x = 5;
      for (dev.mia.core.data.ImageRef ref : p.images()) {
        if (!(ref instanceof dev.mia.core.data.ImageRef.InMemory memory)) {
          continue;
        }
        BufferedImage im = memory.image();
        int width = Math.max(1, im.getWidth() * thumb / im.getHeight());
        g.drawImage(im, x, y, width, thumb, null);
        x += width + 6;
      }
      String question = p.prompt().questions().get(0);
      String[] lines = question.split("\n");
      int ty = y + thumb + 4;
      Plots.text(image, lines[lines.length - 1], 5, ty, 1, 0x000000);
      Plots.text(image, "chosen: " + p.chosen(), 5, ty + 12, 1, 0x2ca02c);
      Plots.text(image, "rejected: " + p.rejected(), 5, ty + 24, 1, 0xd62728);
      y += rowHeight;
    }
    g.dispose();
    Plots.write(image, file);
  }
}
