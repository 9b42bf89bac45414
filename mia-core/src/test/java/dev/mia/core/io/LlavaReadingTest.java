package dev.mia.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mia.core.DataFormatException;
import dev.mia.core.InvalidSampleException;
import dev.mia.core.data.Conversation;
import dev.mia.core.data.ImageRef;
import dev.mia.core.data.SftSample;
import dev.mia.core.data.Turn;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LlavaReadingTest {
  @TempDir Path dir;

  private Path file(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
  }

  private Path file(String name, byte[] content) throws IOException {
    return Files.write(dir.resolve(name), content);
  }

  private static List<SftSample> readAll(DatasetReader reader, Path file) {
    try (Stream<SftSample> samples = reader.readLlava(file).stream()) {
      return samples.toList();
    }
  }

  private static String record(String id, String question, String answer) {
    return "{\"id\": \""
        + id
        + "\", \"conversations\": [{\"from\": \"human\", \"value\": \""
        + question
        + "\"}, {\"from\": \"gpt\", \"value\": \""
        + answer
        + "\"}]}";
  }

  @Test
  void reads_a_json_array_with_string_and_numeric_ids_and_every_kind_of_image() throws IOException {
    Path data =
        file(
            "llava.json",
            "[\n"
                + "{\"id\": \"000000033471\", \"image\": \"coco/train2017/000000033471.jpg\","
                + " \"conversations\": [{\"from\": \"human\", \"value\": \"<image>\\nWhat are the"
                + " colors of the bus in the image?\"}, {\"from\": \"gpt\", \"value\": \"The bus in"
                + " the image is white and red.\"}, {\"from\": \"human\", \"value\": \"What"
                + " feature can be seen on the back of the bus?\"}, {\"from\": \"gpt\", \"value\":"
                + " \"The back of the bus features an advertisement.\"}]},\n"
                + "{\"id\": 12345, \"model\": \"\", \"conversations\": [{\"from\": \"human\","
                + " \"value\": \"Hello\"}, {\"from\": \"gpt\", \"value\": \"Hi!\"}]},\n"
                + "{\"id\": \"multi\", \"image\": [\"a.jpg\", \"b.jpg\"], \"conversations\":"
                + " [{\"from\": \"user\", \"value\": \"<image><image>Same?\"}, {\"from\":"
                + " \"assistant\", \"value\": \"No.\"}], \"extra\": {\"nested\": [1, 2]}}\n"
                + "]\n");

    List<SftSample> samples = readAll(DatasetReader.DEFAULT, data);

    assertThat(samples)
        .containsExactly(
            new SftSample(
                "000000033471",
                List.of(ImageRef.OnDisk.of("coco/train2017/000000033471.jpg")),
                Conversation.of(
                    Turn.human("<image>\nWhat are the colors of the bus in the image?"),
                    Turn.assistant("The bus in the image is white and red."),
                    Turn.human("What feature can be seen on the back of the bus?"),
                    Turn.assistant("The back of the bus features an advertisement."))),
            new SftSample("12345", List.of(), Conversation.singleRound("Hello", "Hi!")),
            new SftSample(
                "multi",
                List.of(ImageRef.OnDisk.of("a.jpg"), ImageRef.OnDisk.of("b.jpg")),
                Conversation.singleRound("<image><image>Same?", "No.")));
  }

  @Test
  void reads_json_lines_with_blank_lines_crlf_and_no_final_newline() throws IOException {
    Path data =
        file(
            "llava.jsonl",
            record("a", "Q1", "A1")
                + "\r\n\n"
                + record("b", "Q2", "A2")
                + "\n  \n"
                + record("c", "Q3", "A3"));

    assertThat(readAll(DatasetReader.DEFAULT, data))
        .extracting(SftSample::id)
        .containsExactly("a", "b", "c");
  }

  @Test
  void an_empty_array_has_no_records_and_an_empty_file_none_only_when_allowed() throws IOException {
    assertThat(readAll(DatasetReader.DEFAULT, file("empty.json", " [ ] "))).isEmpty();
    DatasetReader allowing = DatasetReader.builder().emptyInput(EmptyInput.ALLOW).build();
    assertThat(readAll(allowing, file("nothing.json", ""))).isEmpty();
    assertThatThrownBy(() -> readAll(DatasetReader.DEFAULT, file("nothing.json", "")))
        .isExactlyInstanceOf(DataFormatException.class)
        .hasMessage(
            "nothing.json: the input is empty (no bytes, or only whitespace), but a dataset must"
                + " hold at least one record (allow empty input with"
                + " DatasetReader.builder().emptyInput(EmptyInput.ALLOW))");
  }

  @Test
  void closing_the_stream_closes_the_input() {
    boolean[] closed = {false};
    InputStream in =
        new FilterInputStream(new ByteArrayInputStream("[]".getBytes(StandardCharsets.UTF_8))) {
          @Override
          public void close() throws IOException {
            closed[0] = true;
            super.close();
          }
        };
    try (Stream<SftSample> samples = DatasetReader.DEFAULT.readLlava(in, "mem").stream()) {
      assertThat(samples.count()).isZero();
    }
    assertThat(closed[0]).isTrue();
  }

  @Test
  void malformed_json_in_an_array_names_file_line_column_and_record() throws IOException {
    Path data =
        file(
            "bad.json",
            "[\n" + record("a", "Q", "A") + ",\n{\"id\": \"b\" \"conversations\": []}\n]");

    RecordStream<SftSample> samples = DatasetReader.DEFAULT.readLlava(data);
    assertThat(samples.next().id()).isEqualTo("a");
    assertThatThrownBy(samples::next)
        .isExactlyInstanceOf(DataFormatException.class)
        .hasMessage(
            "bad.json: line 3, column 12 (record 1): Unexpected character ('\"' (code 34)):"
                + " was expecting comma to separate Object entries");
    samples.close();
  }

  @Test
  void a_syntax_error_in_an_array_is_fatal_even_when_skipping() throws IOException {
    Path data =
        file(
            "bad.json",
            "[" + record("a", "Q", "A") + ", {\"id\": }, " + record("b", "Q", "A") + "]");
    List<BadRecord> bad = new ArrayList<>();
    DatasetReader skipping =
        DatasetReader.builder().onBadRecord(OnBadRecord.SKIP).badRecordListener(bad::add).build();

    RecordStream<SftSample> samples = skipping.readLlava(data);
    assertThat(samples.next().id()).isEqualTo("a");
    assertThatThrownBy(samples::hasNext)
        .isExactlyInstanceOf(DataFormatException.class)
        // the record is 94 characters long, so its '}' after "[" + record + ", {\"id\": " is at 105
        .hasMessage(
            "bad.json: line 1, column 105 (record 1): Unexpected character ('}' (code 125)):"
                + " expected a value");
    assertThat(bad).isEmpty();
    samples.close();
  }

  @Test
  void a_top_level_object_is_not_an_array_of_records() throws IOException {
    Path data = file("obj.json", "  [1] ");
    assertThatThrownBy(() -> readAll(DatasetReader.DEFAULT, data))
        .isExactlyInstanceOf(DataFormatException.class)
        .hasMessage(
            "obj.json: line 1, column 4 (record 0): a record must be a JSON object, but is a number");
  }

  @Test
  void a_record_without_id_is_a_format_error() throws IOException {
    Path data =
        file(
            "data.json",
            "[\n  {\"conversations\": [{\"from\": \"human\", \"value\": \"Q\"},"
                + " {\"from\": \"gpt\", \"value\": \"A\"}]}]");
    assertThatThrownBy(() -> readAll(DatasetReader.DEFAULT, data))
        .isExactlyInstanceOf(DataFormatException.class)
        .hasMessage("data.json: line 2, column 3 (record 0): field 'id' is missing");
  }

  @Test
  void a_record_without_conversations_is_a_format_error() throws IOException {
    Path data =
        file("data.jsonl", record("a", "Q", "A") + "\n{\"id\": \"b\", \"image\": \"x.jpg\"}\n");
    assertThatThrownBy(() -> readAll(DatasetReader.DEFAULT, data))
        .isExactlyInstanceOf(DataFormatException.class)
        .hasMessage("data.jsonl: line 2: field 'conversations' is missing");
  }

  @Test
  void fields_of_the_wrong_type_are_format_errors() throws IOException {
    assertThatThrownBy(
            () ->
                readAll(
                    DatasetReader.DEFAULT,
                    file("a.jsonl", "{\"id\": true, \"conversations\": []}")))
        .isExactlyInstanceOf(DataFormatException.class)
        .hasMessage("a.jsonl: line 1: field 'id' must be a string or an integer, but is: boolean");
    assertThatThrownBy(
            () ->
                readAll(
                    DatasetReader.DEFAULT,
                    file("b.jsonl", "{\"id\": \"x\", \"conversations\": {\"from\": \"human\"}}")))
        .isExactlyInstanceOf(DataFormatException.class)
        .hasMessage("b.jsonl: line 1: field 'conversations' must be an array, but is: object");
    assertThatThrownBy(
            () ->
                readAll(
                    DatasetReader.DEFAULT,
                    file(
                        "c.jsonl",
                        "{\"id\": \"x\", \"conversations\": [{\"from\": \"human\", \"value\": 7}]}")))
        .isExactlyInstanceOf(DataFormatException.class)
        .hasMessage(
            "c.jsonl: line 1: field 'conversations[0].value' must be a string, but is: number");
    assertThatThrownBy(
            () ->
                readAll(
                    DatasetReader.DEFAULT,
                    file(
                        "d.jsonl",
                        "{\"id\": \"x\", \"conversations\": [{\"from\": \"system\", \"value\": \"Q\"}]}")))
        .isExactlyInstanceOf(DataFormatException.class)
        .hasMessage(
            "d.jsonl: line 1: field 'conversations[0].from' must be one of human, user, gpt,"
                + " assistant, but is: system");
    assertThatThrownBy(
            () ->
                readAll(
                    DatasetReader.DEFAULT,
                    file(
                        "e.jsonl",
                        "{\"id\": \"x\", \"image\": [\"a.jpg\", 3], \"conversations\": []}")))
        .isExactlyInstanceOf(DataFormatException.class)
        .hasMessage("e.jsonl: line 1: field 'image[1]' must be a string, but is: number");
    assertThatThrownBy(
            () ->
                readAll(
                    DatasetReader.DEFAULT,
                    file("f.jsonl", "{\"id\": \"x\", \"image\": \" \", \"conversations\": []}")))
        .isExactlyInstanceOf(DataFormatException.class)
        .hasMessage("f.jsonl: line 1: field 'image' must not be blank");
  }

  @Test
  void an_empty_conversation_is_an_invalid_sample() throws IOException {
    Path data = file("data.json", "[{\"id\": \"s1\", \"conversations\": []}]");
    assertThatThrownBy(() -> readAll(DatasetReader.DEFAULT, data))
        .isExactlyInstanceOf(InvalidSampleException.class)
        .hasMessage("sample 's1': the conversation is empty");
  }

  @Test
  void an_empty_answer_is_an_invalid_sample() throws IOException {
    Path data = file("data.json", "[" + record("s2", "Q", " ") + "]");
    assertThatThrownBy(() -> readAll(DatasetReader.DEFAULT, data))
        .isExactlyInstanceOf(InvalidSampleException.class)
        .hasMessage("sample 's2': answer in turn 1 is empty");
  }

  @Test
  void placeholders_not_matching_the_images_are_an_invalid_sample() throws IOException {
    Path data =
        file(
            "data.json",
            "[{\"id\": \"s3\", \"image\": \"a.jpg\", \"conversations\": [{\"from\": \"human\","
                + " \"value\": \"<image> and <image>?\"}, {\"from\": \"gpt\", \"value\": \"A\"}]}]");
    assertThatThrownBy(() -> readAll(DatasetReader.DEFAULT, data))
        .isExactlyInstanceOf(InvalidSampleException.class)
        .hasMessage(
            "sample 's3': the conversation has 2 <image> placeholders but there is 1 image");
  }

  @Test
  void a_duplicate_id_names_the_first_record_with_it() throws IOException {
    Path array =
        file(
            "dup.json",
            "["
                + record("a", "Q", "A")
                + ","
                + record("7", "Q", "A")
                + ","
                + record("7", "Q2", "A2")
                + "]");
    assertThatThrownBy(() -> readAll(DatasetReader.DEFAULT, array))
        .isExactlyInstanceOf(InvalidSampleException.class)
        .hasMessage("sample '7': duplicate id, first seen in record 1");

    Path lines =
        file("dup.jsonl", record("7", "Q", "A") + "\n" + "{\"id\": 7, \"conversations\": []}\n");
    assertThatThrownBy(() -> readAll(DatasetReader.DEFAULT, lines))
        .isExactlyInstanceOf(InvalidSampleException.class)
        .hasMessage("sample '7': the conversation is empty");
    Path numeric =
        file(
            "dup2.jsonl",
            record("7", "Q", "A")
                + "\n{\"id\": 7, \"conversations\": [{\"from\": \"human\", \"value\": \"Q\"},"
                + " {\"from\": \"gpt\", \"value\": \"A\"}]}\n");
    assertThatThrownBy(() -> readAll(DatasetReader.DEFAULT, numeric))
        .isExactlyInstanceOf(InvalidSampleException.class)
        .hasMessage("sample '7': duplicate id, first seen in line 1");
  }

  @Test
  void a_non_utf8_line_fails_naming_line_and_column() throws IOException {
    byte[] line = "{\"id\": \"\u00ff\"}\n".getBytes(StandardCharsets.ISO_8859_1);
    Path data = file("latin1.jsonl", line);
    // {"id": " is 8 characters, so the 0xFF byte is character 9
    assertThatThrownBy(() -> readAll(DatasetReader.DEFAULT, data))
        .isExactlyInstanceOf(DataFormatException.class)
        .hasMessage("latin1.jsonl: line 1, column 9: invalid UTF-8 byte sequence 0xFF");
  }

  @Test
  void skipping_keeps_every_good_record_around_bad_ones_in_an_array() throws IOException {
    Path data =
        file(
            "mixed.json",
            "[\n"
                + record("g0", "Q", "A")
                + ",\n"
                + "{\"id\": \"bad1\", \"conversations\": []},\n"
                + record("g1", "Q", "A")
                + ",\n"
                + "\"not an object\",\n"
                + "{\"id\": \"bad3\"},\n"
                + record("g0", "Q", "A")
                + ",\n"
                + record("g2", "Q", "A")
                + "\n]");
    List<BadRecord> bad = new ArrayList<>();
    DatasetReader skipping =
        DatasetReader.builder().onBadRecord(OnBadRecord.SKIP).badRecordListener(bad::add).build();

    RecordStream<SftSample> samples = skipping.readLlava(data);
    List<String> ids = new ArrayList<>();
    samples.forEachRemaining(sample -> ids.add(sample.id()));
    samples.close();

    assertThat(ids).containsExactly("g0", "g1", "g2");
    assertThat(samples.skippedCount()).isEqualTo(4);
    assertThat(samples.deliveredCount()).isEqualTo(3);
    assertThat(bad)
        .extracting(BadRecord::recordIndex, BadRecord::line, BadRecord::id, BadRecord::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                1L, 3L, "bad1", "sample 'bad1': the conversation is empty"),
            org.assertj.core.groups.Tuple.tuple(
                3L,
                5L,
                null,
                "mixed.json: line 5, column 1 (record 3): a record must be a JSON object, but is a"
                    + " string"),
            org.assertj.core.groups.Tuple.tuple(
                4L,
                6L,
                "bad3",
                "mixed.json: line 6, column 1 (record 4): field 'conversations' is missing"),
            org.assertj.core.groups.Tuple.tuple(
                5L, 7L, "g0", "sample 'g0': duplicate id, first seen in record 0"));
  }

  @Test
  void skipping_in_json_lines_drops_only_the_broken_lines() throws IOException {
    byte[] badBytes = "{\"id\": \"u\", \"x\": \"\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
    String text =
        record("g0", "Q", "A")
            + "\n"
            + "{\"id\": \"broken\", \"conversations\": [\n"
            + record("g1", "Q", "A")
            + "\n"
            + "[1, 2]\n"
            + "@@@\n"
            + record("g2", "Q", "A")
            + "\n";
    byte[] head = text.getBytes(StandardCharsets.UTF_8);
    byte[] tail = ("\n" + record("g3", "Q", "A") + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[head.length + badBytes.length + tail.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(badBytes, 0, all, head.length, badBytes.length);
    System.arraycopy(tail, 0, all, head.length + badBytes.length, tail.length);
    Path data = file("mixed.jsonl", all);
    List<BadRecord> bad = new ArrayList<>();
    DatasetReader skipping =
        DatasetReader.builder().onBadRecord(OnBadRecord.SKIP).badRecordListener(bad::add).build();

    assertThat(readAll(skipping, data))
        .extracting(SftSample::id)
        .containsExactly("g0", "g1", "g2", "g3");
    assertThat(bad).extracting(BadRecord::line).containsExactly(2L, 4L, 5L, 7L);
    assertThat(bad).extracting(BadRecord::recordIndex).containsOnly(-1L);
    assertThat(bad.get(1).message())
        .isEqualTo("mixed.jsonl: line 4: a line must hold a JSON object, but holds array");
    assertThat(bad.get(3).message())
        .isEqualTo("mixed.jsonl: line 7, column 19: invalid UTF-8 byte sequence 0xE9 0x22");
  }
}
