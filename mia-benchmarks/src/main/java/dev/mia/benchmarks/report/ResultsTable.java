package dev.mia.benchmarks.report;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns JMH's JSON results ({@code -rf json}) into a Markdown table of each mia kernel against its
 * baseline, measured in the same run.
 *
 * <h2>Naming convention</h2>
 *
 * A benchmark method named {@code mia_<name>} measures mia's kernel and the method {@code
 * baseline_<name>} of the same class measures the alternative a user would otherwise pick, on the
 * same input. Results pair up when class, {@code <name>} and every parameter value agree; each pair
 * is one row, in the order the pair first appears in the JSON. Results that do not pair up are
 * listed in a second table, so that none is lost.
 *
 * <h2>The figure to read</h2>
 *
 * The speed-up is the baseline's time over mia's ({@code baseline / mia} for times per operation,
 * {@code mia / baseline} for throughput): above 1 mia is faster. Both sides ran in the same JVM
 * run, so the ratio carries over to other machines far better than the absolute scores, which the
 * header ties to the machine. Scores are shown with three significant digits, the error with the
 * same number of decimals; the error is JMH's 99.9% confidence half-width.
 *
 * <p>Run it as {@code java -cp benchmarks.jar dev.mia.benchmarks.report.ResultsTable results.json};
 * it prints the Markdown to standard output.
 */
public final class ResultsTable {
  private static final String MIA = "mia_";
  private static final String BASELINE = "baseline_";

  private ResultsTable() {}

  /**
   * Prints the table for a JMH JSON file, measured on this machine.
   *
   * @param args one argument: the JSON file
   * @throws IllegalArgumentException if the arguments are not one file name
   * @throws UncheckedIOException if the file cannot be read
   */
  public static void main(String[] args) {
    if (args.length != 1) {
      throw new IllegalArgumentException(
          "usage: ResultsTable <jmh-results.json>, but got " + args.length + " arguments");
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    out.print(render(read(Path.of(args[0])), Machine.thisMachine()));
  }

  /**
   * Reads the primary results of a JMH JSON file.
   *
   * @param file the file JMH wrote with {@code -rf json -rff file}
   * @return the results in file order
   * @throws UncheckedIOException if the file cannot be read or is not JSON
   * @throws IllegalArgumentException if it is not an array of JMH results
   */
  public static List<BenchmarkResult> read(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read JMH results from " + file, e);
    }
    if (root == null || !root.isArray()) {
      throw new IllegalArgumentException(
          "JMH results must be a JSON array, but " + file + " holds: " + shape(root));
    }
    List<BenchmarkResult> results = new ArrayList<>();
    for (JsonNode node : root) {
      results.add(parse(node, file));
    }
    return results;
  }

  private static BenchmarkResult parse(JsonNode node, Path file) {
    JsonNode metric = node.path("primaryMetric");
    if (!node.path("benchmark").isTextual() || !metric.path("score").isNumber()) {
      throw new IllegalArgumentException(
          "a JMH result needs 'benchmark' and 'primaryMetric.score', but "
              + file
              + " holds: "
              + shape(node));
    }
    Map<String, String> params = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = node.path("params").fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      params.put(field.getKey(), field.getValue().asText());
    }
    JsonNode error = metric.path("scoreError");
    double scoreError = error.isNumber() ? error.doubleValue() : Double.NaN;
    return new BenchmarkResult(
        node.path("benchmark").textValue(),
        node.path("mode").asText(""),
        params,
        metric.path("score").doubleValue(),
        scoreError,
        metric.path("scoreUnit").asText(""),
        settings(node),
        "JDK "
            + node.path("jdkVersion").asText("?")
            + ", "
            + node.path("vmName").asText("?")
            + " "
            + node.path("vmVersion").asText("?"));
  }

  private static String settings(JsonNode node) {
    int forks = node.path("forks").asInt();
    int warmups = node.path("warmupIterations").asInt();
    int iterations = node.path("measurementIterations").asInt();
    return forks
        + (forks == 1 ? " fork, " : " forks, ")
        + warmups
        + (warmups == 1 ? " warm-up iteration of " : " warm-up iterations of ")
        + node.path("warmupTime").asText("?")
        + ", "
        + iterations
        + (iterations == 1 ? " measured iteration of " : " measured iterations of ")
        + node.path("measurementTime").asText("?");
  }

  private static String shape(@org.jspecify.annotations.Nullable JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    String text = node.toString();
    return text.length() <= 60 ? text : text.substring(0, 60) + "...";
  }

  /**
   * Renders the Markdown: a header naming the machine, the JVM and the JMH settings, the table of
   * pairs, and a table of unpaired results if there are any.
   *
   * @param results the results of one run
   * @param machine the machine it ran on
   * @return the Markdown, ending with a line break
   * @throws IllegalArgumentException if a pair's two results differ in mode or unit, or there are
   *     no results
   */
  public static String render(List<BenchmarkResult> results, Machine machine) {
    requireNonNull(machine, "machine");
    if (results.isEmpty()) {
      throw new IllegalArgumentException("results must not be empty");
    }
    Set<String> jvms = new LinkedHashSet<>();
    Set<String> settings = new LinkedHashSet<>();
    for (BenchmarkResult result : results) {
      jvms.add(result.jvm());
      settings.add(result.settings());
    }
    StringBuilder md = new StringBuilder();
    md.append("Machine: ")
        .append(machine.cores())
        .append(machine.cores() == 1 ? " core, " : " cores, ")
        .append(machine.cpuModel())
        .append("; ")
        .append(String.join("; ", jvms))
        .append(".\n")
        .append("JMH: ")
        .append(String.join("; ", settings))
        .append("; score ± 99.9% confidence half-width.\n\n");

    List<BenchmarkResult[]> pairs = new ArrayList<>();
    List<BenchmarkResult> unpaired = new ArrayList<>();
    pair(results, pairs, unpaired);
    if (!pairs.isEmpty()) {
      md.append("| benchmark | parameters | mia | baseline | unit | speed-up |\n")
          .append("|---|---|--:|--:|---|--:|\n");
      for (BenchmarkResult[] pair : pairs) {
        BenchmarkResult mia = pair[0];
        BenchmarkResult baseline = pair[1];
        double speedUp =
            mia.higherIsBetter() ? mia.score() / baseline.score() : baseline.score() / mia.score();
        md.append("| ")
            .append(mia.simpleClassName())
            .append('.')
            .append(mia.method().substring(MIA.length()))
            .append(" | ")
            .append(params(mia))
            .append(" | ")
            .append(score(mia))
            .append(" | ")
            .append(score(baseline))
            .append(" | ")
            .append(mia.unit())
            .append(" | ")
            .append(String.format(Locale.ROOT, "%.2f×", speedUp))
            .append(" |\n");
      }
      md.append(
          "\nSpeed-up: how many times faster mia is than the baseline (above 1: mia is faster).\n");
    }
    if (!unpaired.isEmpty()) {
      md.append(pairs.isEmpty() ? "" : "\n")
          .append("Without a pair:\n\n")
          .append("| benchmark | parameters | score | unit |\n")
          .append("|---|---|--:|---|\n");
      for (BenchmarkResult result : unpaired) {
        md.append("| ")
            .append(result.simpleClassName())
            .append('.')
            .append(result.method())
            .append(" | ")
            .append(params(result))
            .append(" | ")
            .append(score(result))
            .append(" | ")
            .append(result.unit())
            .append(" |\n");
      }
    }
    return md.toString();
  }

  /** Splits results into (mia, baseline) pairs, in order of first appearance, and the rest. */
  private static void pair(
      List<BenchmarkResult> results,
      List<BenchmarkResult[]> pairs,
      List<BenchmarkResult> unpaired) {
    Map<String, BenchmarkResult[]> byKey = new LinkedHashMap<>();
    List<BenchmarkResult> other = new ArrayList<>();
    for (BenchmarkResult result : results) {
      String method = result.method();
      int side = method.startsWith(MIA) ? 0 : method.startsWith(BASELINE) ? 1 : -1;
      if (side < 0) {
        other.add(result);
        continue;
      }
      String name = method.substring(side == 0 ? MIA.length() : BASELINE.length());
      String type = result.benchmark().substring(0, result.benchmark().lastIndexOf('.'));
      String key = type + "#" + name + "#" + result.params();
      BenchmarkResult[] pair = byKey.computeIfAbsent(key, k -> new BenchmarkResult[2]);
      if (pair[side] != null) {
        other.add(result);
      } else {
        pair[side] = result;
      }
    }
    for (BenchmarkResult[] pair : byKey.values()) {
      if (pair[0] != null && pair[1] != null) {
        if (!pair[0].mode().equals(pair[1].mode()) || !pair[0].unit().equals(pair[1].unit())) {
          throw new IllegalArgumentException(
              pair[0].benchmark()
                  + " and "
                  + pair[1].benchmark()
                  + " must share mode and unit to be compared, but are: "
                  + pair[0].mode()
                  + " "
                  + pair[0].unit()
                  + " vs "
                  + pair[1].mode()
                  + " "
                  + pair[1].unit());
        }
        pairs.add(pair);
      } else {
        unpaired.add(pair[0] != null ? pair[0] : pair[1]);
      }
    }
    unpaired.addAll(other);
  }

  private static String params(BenchmarkResult result) {
    if (result.params().isEmpty()) {
      return "—";
    }
    List<String> parts = new ArrayList<>();
    result.params().forEach((name, value) -> parts.add(name + "=" + value));
    return String.join(", ", parts);
  }

  /** Three significant digits; the error with the same decimals; no error when it is NaN. */
  static String score(BenchmarkResult result) {
    double score = result.score();
    int decimals = 0;
    if (score != 0 && Double.isFinite(score)) {
      decimals = Math.max(0, Math.min(6, 2 - (int) Math.floor(Math.log10(Math.abs(score)))));
    }
    String format = "%." + decimals + "f";
    String text = String.format(Locale.ROOT, format, score);
    if (Double.isFinite(result.scoreError())) {
      text += " ± " + String.format(Locale.ROOT, format, result.scoreError());
    }
    return text;
  }
}
