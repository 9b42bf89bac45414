package dev.mia.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mia.core.DataFormatException;
import dev.mia.core.data.PreferencePair;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlWriterTest {
  private static final RecordEncoder<PreferencePair> ENCODER = MiaPairCodec.INSTANCE;

  @TempDir Path dir;

  private static List<PreferencePair> pairs() {
    List<PreferencePair> pairs = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      pairs.add(i % 2 == 0 ? Fixtures.pair("p" + i) : Fixtures.fullPair("p" + i));
    }
    return pairs;
  }

  /** The run that nothing interrupts. */
  private byte[] uninterrupted() throws IOException {
    Path clean = Files.createDirectory(dir.resolve("clean")).resolve("pairs.jsonl");
    try (JsonlWriter<PreferencePair> out = JsonlWriter.open(clean, ENCODER, WriteMode.REPLACE)) {
      pairs().forEach(out::write);
      out.commit();
    }
    return Files.readAllBytes(clean);
  }

  /** A rerun after a crash: all records again, in the same order, skipping those written. */
  private static void resume(Path target) {
    try (JsonlWriter<PreferencePair> out = JsonlWriter.open(target, ENCODER, WriteMode.RESUME)) {
      for (PreferencePair pair : pairs()) {
        if (!out.alreadyWritten(pair.id())) {
          out.write(pair);
        }
      }
      out.commit();
    }
  }

  @Test
  void writes_nothing_to_the_target_until_commit() {
    Path target = dir.resolve("pairs.jsonl");
    try (JsonlWriter<PreferencePair> out = JsonlWriter.open(target, ENCODER, WriteMode.REPLACE)) {
      out.write(Fixtures.pair("a"));
      out.flush();
      assertThat(target).doesNotExist();
      assertThat(JsonlWriter.partialFileOf(target)).exists().hasFileName("pairs.jsonl.partial");
      out.commit();
    }
    assertThat(target).exists();
    assertThat(JsonlWriter.partialFileOf(target)).doesNotExist();
  }

  @Test
  void closing_without_commit_keeps_the_partial_file_and_the_old_target() throws IOException {
    Path target = Files.writeString(dir.resolve("pairs.jsonl"), "old\n");
    try (JsonlWriter<PreferencePair> out = JsonlWriter.open(target, ENCODER, WriteMode.REPLACE)) {
      out.write(Fixtures.pair("a"));
      // no commit: e.g. an exception left the loop
    }
    assertThat(Files.readString(target)).isEqualTo("old\n");
    assertThat(Files.readAllLines(JsonlWriter.partialFileOf(target))).hasSize(1);
  }

  @Test
  void a_killed_run_cut_mid_line_resumes_to_the_same_bytes() throws IOException {
    byte[] expected = uninterrupted();
    Path target = dir.resolve("pairs.jsonl");
    Path partial = JsonlWriter.partialFileOf(target);
    JsonlWriter<PreferencePair> killed = JsonlWriter.open(target, ENCODER, WriteMode.REPLACE);
    pairs().subList(0, 3).forEach(killed::write);
    killed.close(); // the process dies: its flushed lines stay in the partial file
    byte[] fourth = new byte[40];
    System.arraycopy(lineOf(pairs().get(3)), 0, fourth, 0, fourth.length);
    Files.write(partial, fourth, StandardOpenOption.APPEND); // half a line, cut by the kill
    assertThat(target).doesNotExist();

    try (JsonlWriter<PreferencePair> out = JsonlWriter.open(target, ENCODER, WriteMode.RESUME)) {
      assertThat(out.resumedCount()).isEqualTo(3);
      assertThat(out.writtenCount()).isEqualTo(3);
      assertThat(out.alreadyWritten("p0") && out.alreadyWritten("p1") && out.alreadyWritten("p2"))
          .isTrue();
      assertThat(out.alreadyWritten("p3")).isFalse();
      assertThat(out.alreadyWritten("p3")).isFalse();
    }
    resume(target);

    assertThat(Files.readAllBytes(target)).isEqualTo(expected);
    assertThat(partial).doesNotExist();
  }

  @Test
  void the_files_left_by_a_writer_that_was_never_closed_resume_to_the_same_bytes()
      throws IOException {
    byte[] expected = uninterrupted();
    Path first = Files.createDirectory(dir.resolve("first")).resolve("pairs.jsonl");
    Path target = Files.createDirectory(dir.resolve("second")).resolve("pairs.jsonl");
    JsonlWriter<PreferencePair> abandoned = JsonlWriter.open(first, ENCODER, WriteMode.REPLACE);
    pairs().subList(0, 5).forEach(abandoned::write);
    abandoned.flush();
    // What a kill -9 leaves on disk now: the partial file's bytes, copied elsewhere to resume.
    byte[] onDisk = Files.readAllBytes(JsonlWriter.partialFileOf(first));
    Files.write(
        JsonlWriter.partialFileOf(target), java.util.Arrays.copyOf(onDisk, onDisk.length - 7));
    abandoned.close();

    resume(target);

    assertThat(Files.readAllBytes(target)).isEqualTo(expected);
  }

  @Test
  void resuming_a_finished_file_reports_every_id_and_keeps_its_bytes() throws IOException {
    byte[] expected = uninterrupted();
    Path target = Files.write(dir.resolve("pairs.jsonl"), expected);

    try (JsonlWriter<PreferencePair> out = JsonlWriter.open(target, ENCODER, WriteMode.RESUME)) {
      assertThat(out.writtenCount()).isEqualTo(8);
      assertThat(pairs()).allMatch(pair -> out.alreadyWritten(pair.id()));
      assertThat(target).exists();
      out.commit();
    }
    assertThat(Files.readAllBytes(target)).isEqualTo(expected);
  }

  @Test
  void replace_discards_a_leftover_partial_file() throws IOException {
    Path target = dir.resolve("pairs.jsonl");
    Files.writeString(JsonlWriter.partialFileOf(target), "{\"id\":\"stale\"}\n");
    try (JsonlWriter<PreferencePair> out = JsonlWriter.open(target, ENCODER, WriteMode.REPLACE)) {
      assertThat(out.writtenCount()).isZero();
      out.write(Fixtures.pair("a"));
      out.commit();
    }
    assertThat(Files.readAllLines(target))
        .hasSize(1)
        .allMatch(line -> line.startsWith("{\"id\":\"a\""));
  }

  @Test
  void refuses_an_id_written_before() {
    Path target = dir.resolve("pairs.jsonl");
    try (JsonlWriter<PreferencePair> out = JsonlWriter.open(target, ENCODER, WriteMode.REPLACE)) {
      out.write(Fixtures.pair("a"));
      assertThatThrownBy(() -> out.write(Fixtures.fullPair("a")))
          .isExactlyInstanceOf(IllegalArgumentException.class)
          .hasMessage("id 'a' is already written to pairs.jsonl.partial");
    }
  }

  @Test
  void refuses_to_write_after_commit() {
    Path target = dir.resolve("pairs.jsonl");
    JsonlWriter<PreferencePair> out = JsonlWriter.open(target, ENCODER, WriteMode.REPLACE);
    out.commit();
    out.close();
    assertThatThrownBy(() -> out.write(Fixtures.pair("a")))
        .isExactlyInstanceOf(IllegalStateException.class)
        .hasMessage("the writer for pairs.jsonl is committed");
    assertThat(target).isEmptyFile();
  }

  @Test
  void a_complete_line_without_an_id_in_the_partial_file_is_a_format_error() throws IOException {
    Path target = dir.resolve("pairs.jsonl");
    Files.writeString(JsonlWriter.partialFileOf(target), "{\"id\":\"a\"}\n{\"no\":1}\n");
    assertThatThrownBy(() -> JsonlWriter.open(target, ENCODER, WriteMode.RESUME))
        .isExactlyInstanceOf(DataFormatException.class)
        .hasMessage("pairs.jsonl.partial: line 2: a written line must have a string 'id'");
  }

  @Test
  void partial_file_sits_next_to_the_target() {
    assertThat(JsonlWriter.partialFileOf(Path.of("out", "pairs.jsonl")))
        .isEqualTo(Path.of("out", "pairs.jsonl.partial"));
  }

  private byte[] lineOf(PreferencePair pair) throws IOException {
    Path one = Files.createTempFile(dir, "one", ".jsonl");
    try (JsonlWriter<PreferencePair> out = JsonlWriter.open(one, ENCODER, WriteMode.REPLACE)) {
      out.write(pair);
      out.commit();
    }
    return Files.readString(one, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
  }
}
