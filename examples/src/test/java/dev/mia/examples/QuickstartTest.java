package dev.mia.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mia.core.data.PreferencePair;
import dev.mia.core.io.DatasetReader;
import dev.mia.core.io.RecordStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickstartTest {

  @Test
  void converts_the_bundled_sample_into_trl_and_mia_pairs(@TempDir Path out) throws Exception {
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();

    int status =
        Quickstart.run(
            new String[] {"--out", out.toString()},
            new PrintStream(stdout, true, StandardCharsets.UTF_8),
            System.err);

    assertThat(status).isZero();
    // 8 bundled records: one has an empty answer (skipped), one ("Yes, it is.") has no word the
    // rewriter can change, so 6 pairs remain.
    List<String> trl = Files.readAllLines(out.resolve("pairs.trl.jsonl"));
    assertThat(trl).hasSize(6);
    assertThat(trl.get(0))
        .startsWith(
            "{\"id\":\"000000033471\",\"prompt\":\"<image>\\nWhat are the colors of the bus in the"
                + " image?\",\"chosen\":\"The bus in the image is white and red.\",\"rejected\":");
    assertThat(stdout.toString(StandardCharsets.UTF_8))
        .contains("record 3: sample '000000319154': answer in turn 1 is empty")
        .contains("pairs written:   6");

    List<PreferencePair> pairs = new ArrayList<>();
    try (RecordStream<PreferencePair> read =
        DatasetReader.DEFAULT.readMiaPairs(out.resolve("pairs.mia.jsonl"))) {
      read.forEachRemaining(pairs::add);
    }
    assertThat(pairs).hasSize(6);
    for (PreferencePair pair : pairs) {
      assertThat(pair.rejected()).isNotEqualTo(pair.chosen());
      assertThat(pair.provenance().stages().get(0).name()).isEqualTo("error-injection");
    }
  }

  @Test
  void same_seed_gives_byte_identical_output(@TempDir Path a, @TempDir Path b) throws Exception {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    Quickstart.run(new String[] {"--out", a.toString(), "--seed", "7"}, quiet, quiet);
    Quickstart.run(new String[] {"--out", b.toString(), "--seed", "7"}, quiet, quiet);

    assertThat(Files.readAllBytes(a.resolve("pairs.mia.jsonl")))
        .isEqualTo(Files.readAllBytes(b.resolve("pairs.mia.jsonl")));
  }

  @Test
  void rejects_an_unknown_option() {
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    int status =
        Quickstart.run(
            new String[] {"--frobnicate", "1"},
            System.out,
            new PrintStream(stderr, true, StandardCharsets.UTF_8));

    assertThat(status).isEqualTo(2);
    assertThat(stderr.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "Unknown options: '--frobnicate', '1' (--help lists the options)"
                + System.lineSeparator());
  }
}
