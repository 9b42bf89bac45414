package dev.mia.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mia.core.DataFormatException;
import dev.mia.core.data.SftSample;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputShapeTest {
  private static final String EMPTY =
      ": the input is empty (no bytes, or only whitespace), but a dataset must hold at least one"
          + " record (allow empty input with DatasetReader.builder().emptyInput(EmptyInput.ALLOW))";

  @TempDir Path dir;

  @Test
  void a_zero_byte_llava_file_is_an_error_naming_it() throws IOException {
    Path file = Files.write(dir.resolve("llava.json"), new byte[0]);

    assertThatThrownBy(() -> DatasetReader.DEFAULT.readLlava(file))
        .isExactlyInstanceOf(DataFormatException.class)
        .hasMessage("llava.json" + EMPTY);
  }

  @Test
  void a_whitespace_only_jsonl_file_is_an_error_naming_it_for_every_reader() throws IOException {
    Path file = Files.writeString(dir.resolve("pairs.jsonl"), "\uFEFF \n\n\t\r\n  ");

    assertThatThrownBy(() -> DatasetReader.DEFAULT.readMiaPairs(file))
        .isExactlyInstanceOf(DataFormatException.class)
        .hasMessage("pairs.jsonl" + EMPTY);
    assertThatThrownBy(() -> DatasetReader.DEFAULT.readLlava(file))
        .isExactlyInstanceOf(DataFormatException.class)
        .hasMessage("pairs.jsonl" + EMPTY);
    assertThatThrownBy(
            () ->
                DatasetReader.DEFAULT.readJsonLines(
                    new ByteArrayInputStream(new byte[0]), "answers.jsonl", node -> "x"))
        .isExactlyInstanceOf(DataFormatException.class)
        .hasMessage("answers.jsonl" + EMPTY);
  }

  @Test
  void an_empty_input_reads_as_no_records_when_the_caller_allows_it() throws IOException {
    Path file = Files.writeString(dir.resolve("pairs.jsonl"), "\n  \n");
    DatasetReader reader = DatasetReader.builder().emptyInput(EmptyInput.ALLOW).build();

    try (RecordStream<?> pairs = reader.readMiaPairs(file)) {
      assertThat(pairs.hasNext()).isFalse();
    }
    assertThat(reader.emptyInput()).isEqualTo(EmptyInput.ALLOW);
    assertThat(DatasetReader.DEFAULT.emptyInput()).isEqualTo(EmptyInput.FAIL);
  }

  @Test
  void a_pretty_printed_top_level_object_is_one_error_naming_the_file_not_a_bad_record_per_line()
      throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("llava.json"),
            "{\n  \"data\": [\n    {\"id\": \"1\", \"image\": \"a.jpg\",\n"
                + "     \"conversations\": []}\n  ]\n}\n");
    List<BadRecord> bad = new ArrayList<>();
    DatasetReader skipping =
        DatasetReader.builder().onBadRecord(OnBadRecord.SKIP).badRecordListener(bad::add).build();

    assertThatThrownBy(() -> skipping.readLlava(file))
        .isExactlyInstanceOf(DataFormatException.class)
        .hasMessage(
            "llava.json: the top level is a single JSON object spread over several lines, but a"
                + " dataset must be a JSON array of records or JSON lines (one object per line)");
    assertThat(bad).isEmpty();
  }

  @Test
  void an_object_on_its_first_line_is_read_as_json_lines() throws IOException {
    String record =
        "{\"id\": \"1\", \"image\": \"a.jpg\", \"conversations\": [{\"from\": \"human\","
            + " \"value\": \"<image>\\nWhat?\"}, {\"from\": \"gpt\", \"value\": \"A cat.\"}]}";
    Path file =
        Files.write(dir.resolve("llava.jsonl"), (record + "\n").getBytes(StandardCharsets.UTF_8));

    try (RecordStream<SftSample> samples = DatasetReader.DEFAULT.readLlava(file)) {
      assertThat(samples.next().id()).isEqualTo("1");
      assertThat(samples.hasNext()).isFalse();
    }
  }
}
