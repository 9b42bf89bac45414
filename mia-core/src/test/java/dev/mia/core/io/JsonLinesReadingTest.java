package dev.mia.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mia.core.DataFormatException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesReadingTest {
  /** A value of a format that is not mia's own: a label and a list of words. */
  private record Answer(String label, List<String> words) {
    Answer {
      if (label.isBlank()) {
        throw new IllegalArgumentException("label must not be blank");
      }
    }
  }

  private static final JsonLineDecoder<Answer> ANSWER =
      object ->
          new Answer(
              JsonFields.text(object, "label", ""), JsonFields.optionalTexts(object, "words", ""));

  private static ByteArrayInputStream utf8(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  private static <T> List<T> readAll(
      DatasetReader reader, String text, JsonLineDecoder<T> decoder) {
    try (Stream<T> values = reader.readJsonLines(utf8(text), "a.jsonl", decoder).stream()) {
      return values.toList();
    }
  }

  @Test
  void decodes_each_line_with_the_callers_decoder() {
    String text =
        "{\"label\": \"yes\", \"words\": [\"a\", \"b\"]}\r\n"
            + "\n"
            + "{\"label\": \"no\", \"words\": null, \"other\": 1}\n"
            + "{\"label\": \"no\"}";
    assertThat(readAll(DatasetReader.DEFAULT, text, ANSWER))
        .containsExactly(
            new Answer("yes", List.of("a", "b")),
            new Answer("no", List.of()),
            new Answer("no", List.of()));
  }

  @Test
  void reads_a_file_named_by_its_file_name(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("answers.jsonl"), "{\"label\": \"yes\"}\n{}\n");
    try (RecordStream<Answer> answers = DatasetReader.DEFAULT.readJsonLines(file, ANSWER)) {
      assertThat(answers.next()).isEqualTo(new Answer("yes", List.of()));
      assertThatThrownBy(answers::hasNext)
          .isExactlyInstanceOf(DataFormatException.class)
          .hasMessage("answers.jsonl: line 2: field 'label' is missing");
    }
  }

  @Test
  void does_not_check_ids_for_duplicates() {
    JsonLineDecoder<String> id = object -> JsonFields.text(object, "id", "");
    assertThat(readAll(DatasetReader.DEFAULT, "{\"id\": \"x\"}\n{\"id\": \"x\"}\n", id))
        .containsExactly("x", "x");
  }

  @Test
  void names_source_and_line_for_a_shape_problem_and_a_rejected_constructor_argument() {
    assertThatThrownBy(
            () -> readAll(DatasetReader.DEFAULT, "{\"label\": \"a\"}\n{\"label\": 5}\n", ANSWER))
        .isExactlyInstanceOf(DataFormatException.class)
        .hasMessage("a.jsonl: line 2: field 'label' must be a string, but is: number")
        .satisfies(e -> assertThat(((DataFormatException) e).line()).isEqualTo(2))
        .hasNoCause();
    assertThatThrownBy(() -> readAll(DatasetReader.DEFAULT, "\n\n{\"label\": \" \"}\n", ANSWER))
        .isExactlyInstanceOf(DataFormatException.class)
        .hasMessage("a.jsonl: line 3: label must not be blank")
        .hasCauseExactlyInstanceOf(IllegalArgumentException.class);
    JsonLineDecoder<String> shape =
        object -> {
          throw new ShapeException("field 'x' must be even, but is: 3");
        };
    assertThatThrownBy(() -> readAll(DatasetReader.DEFAULT, "{\"x\": 3}", shape))
        .isExactlyInstanceOf(DataFormatException.class)
        .hasMessage("a.jsonl: line 1: field 'x' must be even, but is: 3");
  }

  @Test
  void names_nested_fields_by_their_path() {
    JsonLineDecoder<List<String>> nested =
        object -> {
          JsonFields.array(object, "images", "");
          return JsonFields.texts(
              JsonFields.asObject(object.get("images").get(1), "images[1]"),
              "answers",
              "images[1].");
        };
    assertThatThrownBy(
            () ->
                readAll(
                    DatasetReader.DEFAULT,
                    "{\"images\": [{}, {\"answers\": [\"red\", 7]}]}",
                    nested))
        .isExactlyInstanceOf(DataFormatException.class)
        .hasMessage(
            "a.jsonl: line 1: field 'images[1].answers[1]' must be a string, but is: number");
    assertThatThrownBy(() -> readAll(DatasetReader.DEFAULT, "{\"images\": [{}, 3]}", nested))
        .isExactlyInstanceOf(DataFormatException.class)
        .hasMessage("a.jsonl: line 1: field 'images[1]' must be an object, but is: number");
    assertThatThrownBy(
            () -> readAll(DatasetReader.DEFAULT, "{\"label\": \"a\", \"words\": \"a\"}", ANSWER))
        .isExactlyInstanceOf(DataFormatException.class)
        .hasMessage("a.jsonl: line 1: field 'words' must be an array, but is: string");
  }

  @Test
  void skips_and_reports_every_kind_of_bad_line_keeping_every_good_one() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write(
        ("{\"label\": \"a\"}\n"
                + "not json\n"
                + "[1]\n"
                + "{\"id\": 7, \"label\": 5}\n"
                + "{\"label\": \"b\"}\n"
                + "{\"label\": \"")
            .getBytes(StandardCharsets.UTF_8));
    bytes.write(0xFF); // never valid in UTF-8
    bytes.write("\"}\n{\"label\": \"c\"}\n".getBytes(StandardCharsets.UTF_8));
    List<BadRecord> skipped = new ArrayList<>();
    DatasetReader reader =
        DatasetReader.builder()
            .onBadRecord(OnBadRecord.SKIP)
            .badRecordListener(skipped::add)
            .build();
    try (RecordStream<Answer> answers =
        reader.readJsonLines(new ByteArrayInputStream(bytes.toByteArray()), "a.jsonl", ANSWER)) {
      assertThat(answers.stream().map(Answer::label)).containsExactly("a", "b", "c");
      assertThat(answers.skippedCount()).isEqualTo(4);
    }
    assertThat(skipped).extracting(BadRecord::line).containsExactly(2L, 3L, 4L, 6L);
    assertThat(skipped).extracting(BadRecord::recordIndex).containsOnly(-1L);
    assertThat(skipped).extracting(BadRecord::id).containsExactly(null, null, "7", null);
    assertThat(skipped.get(1).message())
        .isEqualTo("a.jsonl: line 3: a line must hold a JSON object, but holds array");
    assertThat(skipped.get(2).message())
        .isEqualTo("a.jsonl: line 4: field 'label' must be a string, but is: number");
    // The 0xFF is the 12th character of its line, after {"label": " (11 characters).
    assertThat(skipped.get(3).message())
        .isEqualTo("a.jsonl: line 6, column 12: invalid UTF-8 byte sequence 0xFF");
  }

  @Test
  void a_decoder_returning_null_is_a_bug_that_ends_the_read_whatever_the_policy() {
    DatasetReader skipping = DatasetReader.builder().onBadRecord(OnBadRecord.SKIP).build();
    JsonLineDecoder<ObjectNode> nothing = object -> null;
    assertThatThrownBy(() -> readAll(skipping, "{}", nothing))
        .isExactlyInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("the decoder ")
        .hasMessageEndingWith(" returned null");
  }
}
