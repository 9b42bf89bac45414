package dev.mia.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mia.core.DataFormatException;
import dev.mia.core.eval.PopeAnswerParser.NegationMatching;
import dev.mia.core.io.BadRecord;
import dev.mia.core.io.OnBadRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PopeEvaluatorTest {
  private static ByteArrayInputStream utf8(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String line(String label, String answer, String split) {
    return "{\"question_id\": 1, \"question\": \"Is there a dog in the image?\", \"label\": \""
        + label
        + "\", \"answer\": \""
        + answer
        + "\", \"split\": \""
        + split
        + "\"}\n";
  }

  @Test
  void evaluates_per_split_and_overall(@TempDir Path dir) throws Exception {
    // random: (yes, "Yes.") TP, (no, "No.") TN; popular: (yes, "No.") FN, (no, "Yes") FP,
    // (no, "Not sure.") FP by the script's quirk. Overall TP=1 FP=2 TN=1 FN=1.
    Path file = dir.resolve("pope.jsonl");
    Files.writeString(
        file,
        line("yes", "Yes.", "random")
            + line("no", "No.", "random")
            + "\n"
            + line("yes", "No.", "popular")
            + line("NO", "Yes", "popular")
            + line("no", "Not sure.", "popular"));
    PopeReport report = PopeEvaluator.DEFAULT.evaluate(file);
    assertThat(report.overall()).isEqualTo(new PopeResult(1, 2, 1, 1));
    assertThat(report.bySplit()).containsOnlyKeys("popular", "random");
    assertThat(report.bySplit().keySet()).containsExactly("popular", "random");
    assertThat(report.bySplit().get("random")).isEqualTo(new PopeResult(1, 0, 1, 0));
    assertThat(report.bySplit().get("popular")).isEqualTo(new PopeResult(0, 2, 0, 1));
    assertThat(report.badRecords()).isEmpty();

    PopeReport lenient =
        PopeEvaluator.DEFAULT
            .withParser(PopeAnswerParser.of(NegationMatching.CASE_INSENSITIVE))
            .evaluate(file);
    assertThat(lenient.bySplit().get("popular")).isEqualTo(new PopeResult(0, 1, 1, 1));
  }

  @Test
  void lines_without_split_count_only_overall_and_crlf_is_accepted() {
    String text =
        "{\"label\": \"yes\", \"answer\": \"yes\"}\r\n{\"label\": \"no\", \"answer\": \"no\"}";
    PopeReport report = PopeEvaluator.DEFAULT.evaluate(utf8(text), "p.jsonl");
    assertThat(report.overall()).isEqualTo(new PopeResult(1, 0, 1, 0));
    assertThat(report.bySplit()).isEmpty();
  }

  @Test
  void drops_a_leading_byte_order_mark_and_skips_blank_lines() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    bytes.write("{\"label\": \"no\", \"answer\": \"No\"}\n  \n\n".getBytes(StandardCharsets.UTF_8));
    PopeReport report =
        PopeEvaluator.DEFAULT.evaluate(new ByteArrayInputStream(bytes.toByteArray()), "p.jsonl");
    assertThat(report.overall()).isEqualTo(new PopeResult(0, 0, 1, 0));
  }

  @Test
  void empty_input_is_an_error_naming_it_not_an_empty_report() {
    assertThatThrownBy(() -> PopeEvaluator.DEFAULT.evaluate(utf8(" \n"), "p.jsonl"))
        .isExactlyInstanceOf(DataFormatException.class)
        .hasMessage(
            "p.jsonl: the input is empty (no bytes, or only whitespace), but a dataset must hold"
                + " at least one record (allow empty input with"
                + " DatasetReader.builder().emptyInput(EmptyInput.ALLOW))");
    assertThat(PopeResult.EMPTY.f1()).isZero();
  }

  @Test
  void fails_on_a_missing_field_with_its_line_number() {
    String text = line("yes", "Yes", "random") + "{\"label\": \"yes\"}\n";
    assertThatThrownBy(() -> PopeEvaluator.DEFAULT.evaluate(utf8(text), "p.jsonl"))
        .isExactlyInstanceOf(DataFormatException.class)
        .hasMessage("p.jsonl: line 2: field 'answer' is missing")
        .satisfies(e -> assertThat(((DataFormatException) e).line()).isEqualTo(2));
  }

  @Test
  void fails_on_a_bad_label() {
    String text = "\n" + line("maybe", "Yes", "random");
    assertThatThrownBy(() -> PopeEvaluator.DEFAULT.evaluate(utf8(text), "p.jsonl"))
        .isExactlyInstanceOf(DataFormatException.class)
        .hasMessage("p.jsonl: line 2: field 'label' must be \"yes\" or \"no\", but is: \"maybe\"");
  }

  @Test
  void fails_on_malformed_json_with_line_and_column() {
    String text = line("yes", "Yes", "random") + "{\"label\": \"yes\", \"answer\": }\n";
    assertThatThrownBy(() -> PopeEvaluator.DEFAULT.evaluate(utf8(text), "p.jsonl"))
        .isExactlyInstanceOf(DataFormatException.class)
        // Column 28 is the '}' (1-based, counted by hand); the rest is Jackson's own message.
        .hasMessage(
            "p.jsonl: line 2, column 28: Unexpected character ('}' (code 125)):"
                + " expected a valid value (JSON String, Number, Array, Object or token 'null',"
                + " 'true' or 'false')");
  }

  @Test
  void fails_on_a_line_that_is_not_one_object() {
    assertThatThrownBy(() -> PopeEvaluator.DEFAULT.evaluate(utf8("[1, 2]\n"), "p.jsonl"))
        .isExactlyInstanceOf(DataFormatException.class)
        .hasMessage("p.jsonl: line 1: a line must hold a JSON object, but holds array");
    String two = "{\"label\": \"yes\", \"answer\": \"\"} {}";
    assertThatThrownBy(() -> PopeEvaluator.DEFAULT.evaluate(utf8(two), "p.jsonl"))
        .isExactlyInstanceOf(DataFormatException.class)
        // Column 32 is the second '{' (a 30-character object and a space before it); the rest is
        // Jackson's own message.
        .hasMessage(
            "p.jsonl: line 1, column 32: Trailing token (of type START_OBJECT) found after value"
                + " (bound as `com.fasterxml.jackson.databind.JsonNode`): not allowed as per"
                + " `DeserializationFeature.FAIL_ON_TRAILING_TOKENS`");
  }

  @Test
  void fails_on_malformed_utf8_instead_of_replacing_it() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write(line("yes", "Yes", "random").getBytes(StandardCharsets.UTF_8));
    bytes.write("{\"label\": \"no\", \"answer\": \"N".getBytes(StandardCharsets.UTF_8));
    bytes.write(0xFF); // never valid in UTF-8
    bytes.write("\"}\n".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(
            () ->
                PopeEvaluator.DEFAULT.evaluate(
                    new ByteArrayInputStream(bytes.toByteArray()), "p.jsonl"))
        .isExactlyInstanceOf(DataFormatException.class)
        // The 0xFF is the 29th byte and character of line 2 (28 ASCII characters before it).
        .hasMessage("p.jsonl: line 2, column 29: invalid UTF-8 byte sequence 0xFF");
  }

  @Test
  void skips_and_reports_bad_lines_keeping_every_good_line() {
    String text =
        line("yes", "Yes", "random")
            + "not json\n"
            + line("no", "No", "random")
            + "{\"label\": \"no\", \"answer\": 5}\n"
            + line("no", "Yes", "adversarial");
    PopeReport report =
        PopeEvaluator.DEFAULT.withBadRecords(OnBadRecord.SKIP).evaluate(utf8(text), "p.jsonl");
    assertThat(report.overall()).isEqualTo(new PopeResult(1, 1, 1, 0));
    assertThat(report.badRecords()).extracting(BadRecord::line).containsExactly(2L, 4L);
    assertThat(report.badRecords()).extracting(BadRecord::source).containsOnly("p.jsonl");
    assertThat(report.badRecords().get(1).error()).isExactlyInstanceOf(DataFormatException.class);
    assertThat(report.badRecords().get(1).message())
        .isEqualTo("p.jsonl: line 4: field 'answer' must be a string, but is: number");
  }

  @Test
  void prints_its_settings() {
    assertThat(PopeEvaluator.DEFAULT)
        .hasToString(
            "PopeEvaluator(parser=PopeAnswerParser(matching=OFFICIAL_SCRIPT), onBadRecord=FAIL)");
  }
}
