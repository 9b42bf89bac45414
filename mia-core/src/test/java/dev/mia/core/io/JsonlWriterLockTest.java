package dev.mia.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mia.core.data.PreferencePair;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlWriterLockTest {
  private static final RecordEncoder<PreferencePair> ENCODER = MiaPairCodec.INSTANCE;

  @TempDir Path dir;

  /** The message of a lock held by {@code pid} on this host, any start time. */
  private static String lockedMessage(Path target, long pid, String suffix) throws IOException {
    String host = InetAddress.getLocalHost().getHostName();
    return Pattern.quote(
            "output '"
                + target
                + "' is being written by another writer (pid "
                + pid
                + " on host "
                + host
                + " since ")
        + "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"
        + Pattern.quote(suffix + "); lock file '" + JsonlWriter.lockFileOf(target) + "'");
  }

  @Test
  void a_second_writer_in_the_same_jvm_fails_at_once_and_changes_nothing() throws IOException {
    Path target = dir.resolve("pairs.jsonl");
    try (JsonlWriter<PreferencePair> first = JsonlWriter.open(target, ENCODER, WriteMode.REPLACE)) {
      first.write(Fixtures.pair("a"));
      first.flush();

      for (WriteMode mode : WriteMode.values()) {
        assertThatThrownBy(() -> JsonlWriter.open(target, ENCODER, mode))
            .isExactlyInstanceOf(OutputLockedException.class)
            .hasMessageMatching(
                lockedMessage(target, ProcessHandle.current().pid(), ", in this JVM"));
      }
      // Another spelling of the same path is caught too.
      Path other = dir.resolve("sub/../pairs.jsonl");
      Files.createDirectories(dir.resolve("sub"));
      assertThatThrownBy(() -> JsonlWriter.open(other, ENCODER, WriteMode.REPLACE))
          .isExactlyInstanceOf(OutputLockedException.class);

      first.write(Fixtures.pair("b"));
      first.commit();
    }
    assertThat(Files.readAllLines(target)).hasSize(2);
  }

  @Test
  void the_lock_is_released_by_commit_and_by_close() {
    Path target = dir.resolve("pairs.jsonl");
    try (JsonlWriter<PreferencePair> out = JsonlWriter.open(target, ENCODER, WriteMode.REPLACE)) {
      out.write(Fixtures.pair("a"));
      out.commit();
    }
    JsonlWriter.open(target, ENCODER, WriteMode.RESUME).close();
    try (JsonlWriter<PreferencePair> out = JsonlWriter.open(target, ENCODER, WriteMode.RESUME)) {
      assertThat(out.resumedCount()).isEqualTo(1);
    }
    // The lock file stays, emptied: it names no holder once released.
    assertThat(JsonlWriter.lockFileOf(target)).isEmptyFile();
  }

  @Test
  void a_writer_in_another_process_is_named_and_its_kill_does_not_block_resume() throws Exception {
    Path target = dir.resolve("pairs.jsonl");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                LockHoldingWriter.class.getName(),
                target.toString())
            .redirectErrorStream(true)
            .start();
    try {
      BufferedReader lines =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      assertThat(lines.readLine()).isEqualTo("locked");

      assertThatThrownBy(() -> JsonlWriter.open(target, ENCODER, WriteMode.REPLACE))
          .isExactlyInstanceOf(OutputLockedException.class)
          .hasMessageMatching(lockedMessage(target, child.pid(), ""))
          .satisfies(
              e ->
                  assertThat(((OutputLockedException) e).holder())
                      .startsWith("pid " + child.pid() + " on host "));
      // The refused writer truncated nothing.
      assertThat(Files.readAllLines(JsonlWriter.partialFileOf(target))).hasSize(3);
    } finally {
      child.destroyForcibly(); // SIGKILL: the kernel drops the lock, the lock file stays
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(JsonlWriter.lockFileOf(target)).isNotEmptyFile();

    try (JsonlWriter<PreferencePair> out = JsonlWriter.open(target, ENCODER, WriteMode.RESUME)) {
      assertThat(out.resumedCount()).isEqualTo(3);
      out.write(Fixtures.pair("p3"));
      out.commit();
    }
    assertThat(Files.readAllLines(target)).hasSize(4);
  }

  @Test
  void open_creates_the_target_folder() {
    Path target = dir.resolve("new/deeper/pairs.jsonl");
    try (JsonlWriter<PreferencePair> out = JsonlWriter.open(target, ENCODER, WriteMode.REPLACE)) {
      out.write(Fixtures.pair("a"));
      out.commit();
    }
    assertThat(target).exists();
    assertThat(List.of(JsonlWriter.lockFileOf(target).getFileName().toString()))
        .containsExactly("pairs.jsonl.lock");
  }
}
