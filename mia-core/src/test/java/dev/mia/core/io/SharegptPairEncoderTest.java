package dev.mia.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mia.core.data.PreferencePair;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharegptPairEncoderTest {
  @TempDir Path dir;

  @Test
  void writes_conversations_and_the_two_answers_as_messages() throws Exception {
    Path target = dir.resolve("pairs.jsonl");
    try (JsonlWriter<PreferencePair> out =
        JsonlWriter.open(target, SharegptPairEncoder.INSTANCE, WriteMode.REPLACE)) {
      out.write(Fixtures.pair("p1"));
      out.write(Fixtures.fullPair("p2"));
      out.commit();
    }

    assertThat(Files.readString(target, StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"id\":\"p1\",\"conversations\":[{\"from\":\"human\",\"value\":"
                + "\"<image>\\nWhat colour is the bus?\"}],\"chosen\":{\"from\":\"gpt\",\"value\":"
                + "\"Red.\"},\"rejected\":{\"from\":\"gpt\",\"value\":\"Blue.\"},"
                + "\"images\":[\"coco/1.jpg\"]}\n"
                + "{\"id\":\"p2\",\"conversations\":[{\"from\":\"human\",\"value\":"
                + "\"Image1:<image>\\nImage2:<image>\\nIn Image2, what is \\\"on\\\" the t\u00e4ble?\"},"
                + "{\"from\":\"gpt\",\"value\":\"A cup.\"},{\"from\":\"human\",\"value\":"
                + "\"And its colour?\"}],\"chosen\":{\"from\":\"gpt\",\"value\":\"White \\uD83D\\uDE8C.\"},"
                + "\"rejected\":{\"from\":\"gpt\",\"value\":\"Black.\\nReally.\"},"
                + "\"images\":[\"a.jpg\",\"b.jpg\"]}\n");
  }

  @Test
  void writes_paths_resolved_against_the_configured_image_root() throws Exception {
    Path target = dir.resolve("pairs.jsonl");
    Path root = dir.resolve("images");
    try (JsonlWriter<PreferencePair> out =
        JsonlWriter.open(target, SharegptPairEncoder.withImageRoot(root), WriteMode.REPLACE)) {
      out.write(Fixtures.fullPair("p2"));
      out.commit();
    }

    Path base = root.toAbsolutePath().normalize();
    assertThat(Files.readString(target, StandardCharsets.UTF_8))
        .endsWith(
            "\"images\":[\""
                + base.resolve("a.jpg").toString().replace('\\', '/')
                + "\",\""
                + base.resolve("b.jpg").toString().replace('\\', '/')
                + "\"]}\n");
  }
}
