package dev.mia.examples.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The same commit, arguments and seed give the same report numbers, in one JVM and in two: the
 * pipeline's randomness is seeded, and the gradients no longer read freed memory ({@link
 * dev.mia.core.tensor.OwnedScalar}).
 */
@ResourceLock("djl-gradient-collector")
class EndToEndReproducibilityTest {
  private static final String[] QUICK = {"--quick", "--seeds", "1", "--out"};

  private static JsonNode run(Path dir) throws IOException {
    String[] args = java.util.Arrays.copyOf(QUICK, QUICK.length + 1);
    args[QUICK.length] = dir.toString();
    return run(dir, args);
  }

  private static JsonNode run(Path dir, String... args) throws IOException {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    PrintStream quiet = new PrintStream(sink, true, StandardCharsets.UTF_8);
    assertThat(EndToEnd.run(args, quiet, quiet)).isZero();
    return numbers(dir);
  }

  /** The report without timings and the machine's load. */
  private static JsonNode numbers(Path dir) throws IOException {
    JsonNode report = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
    ((ObjectNode) report).remove("environment");
    strip(report);
    return report;
  }

  private static void strip(JsonNode node) {
    if (node instanceof ObjectNode object) {
      object.remove("seconds");
      for (Iterator<JsonNode> it = object.elements(); it.hasNext(); ) {
        strip(it.next());
      }
    } else if (node.isArray()) {
      node.forEach(EndToEndReproducibilityTest::strip);
    }
  }

  @Test
  void two_runs_in_one_jvm_and_one_in_another_give_the_same_numbers(@TempDir Path dir)
      throws Exception {
    JsonNode first = run(dir.resolve("a"));
    JsonNode second = run(dir.resolve("b"));

    assertThat(second).isEqualTo(first);
    assertThat(first.toString()).contains("mia-dpo");

    Path other = dir.resolve("c");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Dai.djl.offline=true");
    command.add("-Djava.awt.headless=true");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(EndToEnd.class.getName());
    command.addAll(List.of(QUICK));
    command.add(other.toString());
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("other-jvm.log").toFile())
            .start();
    assertThat(process.waitFor(10, TimeUnit.MINUTES)).isTrue();
    assertThat(process.exitValue()).as("second JVM, see other-jvm.log").isZero();

    assertThat(numbers(other)).isEqualTo(first);
  }

  @Test
  void seeds_run_at_once_give_the_numbers_they_give_one_after_another(@TempDir Path dir)
      throws Exception {
    Path serial = dir.resolve("serial");
    Path parallel = dir.resolve("parallel");

    JsonNode one =
        run(serial, "--quick", "--seeds", "2", "--jobs", "1", "--out", serial.toString());
    JsonNode two =
        run(parallel, "--quick", "--seeds", "2", "--jobs", "2", "--out", parallel.toString());

    assertThat(two).isEqualTo(one);
    assertThat(one.get("runs")).hasSize(2);
    JsonNode environment = new ObjectMapper().readTree(parallel.resolve("report.json").toFile());
    assertThat(environment.get("environment").get("jobs").asInt()).isEqualTo(2);
  }
}
