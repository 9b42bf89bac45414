package dev.mia.examples.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

@ResourceLock("djl-gradient-collector")
class EndToEndTest {
  private static final List<String> RATES =
      List.of(
          "single/accuracy",
          "colour/accuracy",
          "count/accuracy",
          "position/accuracy",
          "multi/accuracy",
          "multi/sequence-confusion",
          "multi/element-interference",
          "multi/other-wrong",
          "chair/i",
          "chair/s");

  @Test
  void quick_mode_runs_every_method_and_writes_the_report(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        EndToEnd.run(
            new String[] {
              "--quick", "--seeds", "1", "--align-epochs", "100", "--out", dir.toString()
            },
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).isEqualTo(0);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("report: " + dir.resolve("report.md").toAbsolutePath());
    for (String file :
        List.of(
            "report.md",
            "report.json",
            "deltas.png",
            "curves.png",
            "attention-share.png",
            "vig-histogram.png",
            "sft-loss.png",
            "samples.png")) {
      assertThat(dir.resolve(file)).isRegularFile();
    }
    JsonNode report = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
    assertThat(report.get("seeds")).hasSize(1);
    JsonNode run = report.get("runs").get(0);
    assertRates(run.get("before"));
    JsonNode methods = run.get("methods");
    for (Method m : Method.values()) {
      JsonNode method = methods.get(m.cliName());
      assertThat(method).as(m.cliName()).isNotNull();
      assertRates(method.get("after"));
      String size = m == Method.CONTINUED_SFT ? "examples" : "sources";
      assertThat(method.get("data").get(size).asDouble()).as(m.cliName()).isPositive();
      if (m != Method.CONTINUED_SFT) {
        assertThat(method.get("data").get("sources").asDouble()).isEqualTo(8.0);
      }
    }
    // 100 epochs of a handful of items exceed the quick preset's cap of 3 steps
    assertThat(methods.get("vig-sft").get("loss")).hasSize(3);
    assertThat(methods.get("continued-sft").get("loss")).hasSize(3);
    assertThat(report.get("summary").get("mia-dpo").get("delta").get("multi/accuracy")).isNotNull();
    String md = Files.readString(dir.resolve("report.md"));
    assertThat(md).contains("| mia-dpo        |").doesNotContain("=1.0").doesNotContain("{");
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("| method         | Δ multi/accuracy |");
  }

  @Test
  void the_judged_variant_replaces_the_attention_selection_by_the_judge(@TempDir Path dir)
      throws Exception {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    PrintStream quiet = new PrintStream(sink, true, StandardCharsets.UTF_8);
    String[] args = {
      "--quick", "--methods", "mia-dpo,mia-dpo-judged", "--jobs", "1", "--out", dir.toString()
    };
    assertThat(EndToEnd.run(args, quiet, quiet)).isZero();

    JsonNode report = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
    int judgedDrops = 0;
    for (JsonNode run : report.get("runs")) {
      JsonNode attention = run.get("methods").get("mia-dpo");
      JsonNode judged = run.get("methods").get("mia-dpo-judged");
      JsonNode data = judged.get("data");
      assertThat(data.has("select:attention dropped")).isFalse();
      assertThat(judged.get("attentionShareKept")).isEmpty();
      // the same greedy answers through filters that judge each pair alone: the attention
      // selection can only have removed candidates
      assertThat(data.get("inputs")).isEqualTo(attention.get("data").get("inputs"));
      assertThat(data.get("selected").asDouble())
          .isGreaterThanOrEqualTo(attention.get("data").get("selected").asDouble());
      assertThat(data.get("pairs").asDouble() + data.get("select:judge dropped").asDouble())
          .isEqualTo(data.get("selected").asDouble() - data.get("uncollatable").asDouble());
      // its messages are its own run's: no attention share was computed for it
      for (JsonNode message : judged.get("selectionMessages")) {
        assertThat(message.asText()).doesNotContain("attention share");
      }
      judgedDrops += data.get("select:judge dropped").asInt();
    }
    assertThat(judgedDrops).isPositive();
  }

  @Test
  void rejects_an_unknown_method() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        EndToEnd.run(
            new String[] {"--methods", "ppo"},
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains(
            "method must be one of mia-dpo, bpo, ddpo, vig-sft, bdhs, mia-dpo-ddpo,"
                + " mia-dpo-judged, mia-dpo-tpo, continued-sft, but is: ppo");
  }

  @Test
  void validation_runs_evaluate_the_validation_split_and_say_so(@TempDir Path dir)
      throws Exception {
    int status =
        EndToEnd.run(
            new String[] {
              "--quick",
              "--seeds",
              "1",
              "--methods",
              "bpo",
              "--split",
              "validation",
              "--beta",
              "0.5",
              "--align-sft-weight",
              "1",
              "--replay-weight",
              "0.5",
              "--out",
              dir.toString()
            },
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    assertThat(status).isEqualTo(0);
    JsonNode report = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
    assertThat(report.get("environment").get("heldOutSplit").asText()).isEqualTo("validation");
    assertThat(report.get("config").asText())
        .contains("alignSftWeight=1.0, alignBeta=0.5, alignReplayWeight=0.5");
    assertThat(report.get("runs").get(0).get("methods").get("bpo").get("loss")).isNotEmpty();
    assertThat(Files.readString(dir.resolve("report.md"))).contains("held-out validation split");
  }

  @Test
  void rejects_an_unknown_split() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        EndToEnd.run(
            new String[] {"--split", "train"},
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("split must be test or validation, but is: train");
  }

  @Test
  void a_setting_out_of_range_is_a_usage_error_naming_it() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        EndToEnd.run(
            new String[] {"--beta", "-1", "--quick"},
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("alignBeta must be finite and > 0, but is: -1.0");

    ByteArrayOutputStream err2 = new ByteArrayOutputStream();
    assertThat(
            EndToEnd.run(
                new String[] {"--pair-types", "colour,existence"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err2, true, StandardCharsets.UTF_8)))
        .isEqualTo(2);
    assertThat(err2.toString(StandardCharsets.UTF_8))
        .contains("pair types must be among colour, count, position, but one is: existence");
  }

  @Test
  void help_prints_the_usage_and_succeeds() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status =
        EndToEnd.run(
            new String[] {"--help"},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    assertThat(status).isEqualTo(0);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .startsWith("Usage: EndToEnd [-h] [--quick]")
        .contains("--split=SPLIT")
        .contains("--pair-types=TYPE[,")
        .contains("--seeds=N")
        .contains("--preset=demo|study|quick")
        .contains("Default: demo 1,");
  }

  private static void assertRates(JsonNode metrics) {
    for (String key : RATES) {
      JsonNode v = metrics.get(key);
      assertThat(v).as(key).isNotNull();
      if (!v.isNull()) {
        assertThat(v.asDouble()).as(key).isBetween(0.0, 1.0);
      }
    }
    Iterator<Map.Entry<String, JsonNode>> fields = metrics.fields();
    assertThat(fields.hasNext()).isTrue();
  }
}
