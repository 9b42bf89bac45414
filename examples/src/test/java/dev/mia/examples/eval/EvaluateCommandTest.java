package dev.mia.examples.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateCommandTest {
  private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

  private int run(String... args) {
    return EvaluateCommand.run(
        args,
        new PrintStream(outBytes, true, StandardCharsets.UTF_8),
        new PrintStream(errBytes, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return outBytes.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return errBytes.toString(StandardCharsets.UTF_8);
  }

  private static Path pope(Path dir) throws Exception {
    // random: TP, TN; popular: FN, FP. Overall TP=1 FP=1 TN=1 FN=1: every metric 0.5.
    return Files.writeString(
        dir.resolve("pope.jsonl"),
        "{\"label\": \"yes\", \"answer\": \"Yes.\", \"split\": \"random\"}\n"
            + "{\"label\": \"no\", \"answer\": \"No.\", \"split\": \"random\"}\n"
            + "{\"label\": \"yes\", \"answer\": \"No.\", \"split\": \"popular\"}\n"
            + "{\"label\": \"no\", \"answer\": \"Yes\", \"split\": \"popular\"}\n");
  }

  private static Path chair(Path dir) throws Exception {
    // Mentions person, dog (hallucinated), cat: CHAIR_i = 1/3, CHAIR_s = 1/2, recall = 2/3.
    return Files.writeString(
        dir.resolve("chair.jsonl"),
        "{\"caption\": \"A man with a dog.\", \"objects\": [\"person\"]}\n"
            + "{\"caption\": \"A cat.\", \"objects\": [\"cat\", \"couch\"]}\n");
  }

  @Test
  void writes_summary_and_a_deterministic_report(@TempDir Path dir) throws Exception {
    Path pope = pope(dir);
    Path chair = chair(dir);
    Path report = dir.resolve("out/report.json");
    int status =
        run("--pope", pope.toString(), "--chair", chair.toString(), "--out", report.toString());
    assertThat(status).as(err()).isZero();
    assertThat(out())
        .contains(
            "POPE "
                + pope
                + ": n=4 accuracy=0.5000 precision=0.5000 recall=0.5000 f1=0.5000"
                + " yes_ratio=0.5000")
        .contains("  random: n=2 accuracy=1.0000")
        .contains("CHAIR " + chair + ": captions=2 CHAIR_i=0.3333 CHAIR_s=0.5000 recall=0.6667");

    JsonNode json = new ObjectMapper().readTree(report.toFile());
    List<String> keys = new ArrayList<>();
    json.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactly("pope", "chair");
    assertThat(json.at("/pope/overall/f1").asDouble()).isEqualTo(0.5);
    assertThat(json.at("/pope/splits/random/accuracy").asDouble()).isEqualTo(1.0);
    assertThat(json.at("/pope/splits/popular/accuracy").asDouble()).isEqualTo(0.0);
    assertThat(json.at("/chair/chair_s").asDouble()).isEqualTo(0.5);
    assertThat(json.at("/chair/hallucinated_mentions").asLong()).isEqualTo(1);
    String text = Files.readString(report);
    assertThat(text).contains("\n  \"pope\" : {");

    // Same input, same bytes.
    assertThat(
            run("--pope", pope.toString(), "--chair", chair.toString(), "--out", report.toString()))
        .isZero();
    assertThat(Files.readString(report)).isEqualTo(text);
  }

  @Test
  void an_empty_answer_file_is_an_error_not_n_0(@TempDir Path dir) throws Exception {
    Path pope = Files.writeString(dir.resolve("empty.jsonl"), "  \n");

    assertThat(run("--pope", pope.toString())).isEqualTo(1);

    assertThat(out()).isEmpty();
    assertThat(err())
        .isEqualTo(
            "error: "
                + pope
                + ": the input is empty (no bytes, or only whitespace), but a dataset must hold at"
                + " least one record (allow empty input with"
                + " DatasetReader.builder().emptyInput(EmptyInput.ALLOW))\n");
  }

  @Test
  void a_file_whose_every_line_is_skipped_is_an_error_not_n_0(@TempDir Path dir) throws Exception {
    Path pope = Files.writeString(dir.resolve("bad.jsonl"), "{\"label\": \"yes\"}\n");
    Path report = dir.resolve("r.json");

    assertThat(run("--pope", pope.toString(), "--bad-lines", "skip", "--out", report.toString()))
        .isEqualTo(1);

    assertThat(out()).isEqualTo("  skipped " + pope + ": line 1: field 'answer' is missing\n");
    assertThat(err())
        .isEqualTo(
            "error: "
                + pope
                + ": no answer could be scored (1 bad lines skipped); metrics of zero answers"
                + " would mean nothing\n");
    assertThat(report).doesNotExist();
  }

  @Test
  void reports_a_bad_line_with_its_number(@TempDir Path dir) throws Exception {
    Path pope =
        Files.writeString(
            dir.resolve("bad.jsonl"),
            "{\"label\": \"yes\", \"answer\": \"Yes\"}\n{\"label\": \"yes\"}\n");
    assertThat(run("--pope", pope.toString())).isEqualTo(1);
    assertThat(err()).isEqualTo("error: " + pope + ": line 2: field 'answer' is missing\n");

    outBytes.reset();
    Path report = dir.resolve("r.json");
    assertThat(run("--pope", pope.toString(), "--bad-lines", "skip", "--out", report.toString()))
        .isZero();
    assertThat(out()).contains("  skipped " + pope + ": line 2: field 'answer' is missing\n");
    JsonNode json = new ObjectMapper().readTree(report.toFile());
    assertThat(json.at("/pope/overall/n").asLong()).isEqualTo(1);
    assertThat(json.at("/pope/bad_lines/0/line").asLong()).isEqualTo(2);
    assertThat(json.at("/pope/bad_lines/0/column").asLong()).isEqualTo(-1);
    assertThat(json.at("/pope/bad_lines/0/problem").asText())
        .isEqualTo(pope + ": line 2: field 'answer' is missing");
  }

  @Test
  void evaluates_multi_image_answers(@TempDir Path dir) throws Exception {
    Path multi =
        Files.writeString(
            dir.resolve("multi.jsonl"),
            "{\"target_index\": 1, \"answer\": \"red\", \"images\": [{\"answers\": [\"red\"]},"
                + " {\"answers\": [\"blue\"]}]}\n");
    assertThat(run("--multi-image", multi.toString())).isZero();
    assertThat(out())
        .isEqualTo(
            "Multi-image "
                + multi
                + ": n=1 error=1.0000 sequence_confusion=1.0000 element_interference=0.0000\n");
  }

  @Test
  void rejects_bad_usage() {
    assertThat(run()).isEqualTo(2);
    assertThat(err())
        .isEqualTo(
            "at least one of --pope, --chair or --multi-image is needed (--help lists the options)\n");
    errBytes.reset();
    assertThat(run("--pope")).isEqualTo(2);
    assertThat(err()).startsWith("Missing required parameter for option '--pope' (FILE)");
    errBytes.reset();
    assertThat(run("--frobnicate", "x")).isEqualTo(2);
    assertThat(err()).startsWith("Unknown options: '--frobnicate', 'x'");
  }
}
