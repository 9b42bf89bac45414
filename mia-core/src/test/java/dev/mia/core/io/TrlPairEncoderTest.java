package dev.mia.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mia.core.data.Conversation;
import dev.mia.core.data.ImageRef;
import dev.mia.core.data.PreferencePair;
import dev.mia.core.data.Turn;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrlPairEncoderTest {
  @TempDir Path dir;

  private String write(RecordEncoder<PreferencePair> encoder, PreferencePair... pairs)
      throws Exception {
    Path target = dir.resolve("out.jsonl");
    try (JsonlWriter<PreferencePair> out = JsonlWriter.open(target, encoder, WriteMode.REPLACE)) {
      for (PreferencePair pair : pairs) {
        out.write(pair);
      }
      out.commit();
    }
    return Files.readString(target, StandardCharsets.UTF_8);
  }

  @Test
  void writes_the_standard_style_with_the_question_as_prompt() throws Exception {
    assertThat(write(TrlPairEncoder.of(TrlStyle.STANDARD), Fixtures.pair("p1")))
        .isEqualTo(
            "{\"id\":\"p1\",\"prompt\":\"<image>\\nWhat colour is the bus?\",\"chosen\":\"Red.\","
                + "\"rejected\":\"Blue.\",\"images\":[\"coco/1.jpg\"]}\n");
  }

  // Jackson writes characters beyond the BMP as escaped surrogate pairs: "\\uD83D\\uDE8C".
  @Test
  void writes_the_conversational_style_with_image_parts_in_placeholder_order() throws Exception {
    assertThat(write(TrlPairEncoder.of(TrlStyle.CONVERSATIONAL), Fixtures.fullPair("p2")))
        .isEqualTo(
            "{\"id\":\"p2\",\"prompt\":["
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Image1:\"},"
                + "{\"type\":\"image\"},{\"type\":\"text\",\"text\":\"\\nImage2:\"},"
                + "{\"type\":\"image\"},{\"type\":\"text\",\"text\":"
                + "\"\\nIn Image2, what is \\\"on\\\" the t\u00e4ble?\"}]},"
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"A cup.\"}]},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"And its colour?\"}]}],"
                + "\"chosen\":[{\"role\":\"assistant\",\"content\":[{\"type\":\"text\","
                + "\"text\":\"White \\uD83D\\uDE8C.\"}]}],"
                + "\"rejected\":[{\"role\":\"assistant\",\"content\":[{\"type\":\"text\","
                + "\"text\":\"Black.\\nReally.\"}]}],"
                + "\"images\":[\"a.jpg\",\"b.jpg\"]}\n");
  }

  @Test
  void leaves_out_images_for_a_text_only_pair() throws Exception {
    PreferencePair textOnly =
        PreferencePair.builder("t", Conversation.of(Turn.human("Hi?")), "Hello.", "Go away.")
            .build();
    assertThat(write(TrlPairEncoder.of(TrlStyle.CONVERSATIONAL), textOnly))
        .isEqualTo(
            "{\"id\":\"t\",\"prompt\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\","
                + "\"text\":\"Hi?\"}]}],\"chosen\":[{\"role\":\"assistant\",\"content\":"
                + "[{\"type\":\"text\",\"text\":\"Hello.\"}]}],\"rejected\":[{\"role\":\"assistant\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"Go away.\"}]}]}\n");
  }

  @Test
  void refuses_a_multi_turn_prompt_in_the_standard_style() {
    assertThatThrownBy(() -> write(TrlPairEncoder.of(TrlStyle.STANDARD), Fixtures.fullPair("p3")))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "pair 'p3': the standard TRL style holds a one-turn prompt, but this prompt has 3"
                + " turns; use TrlStyle.CONVERSATIONAL");
  }

  @Test
  void refuses_an_image_held_in_memory_and_writes_nothing_of_it() throws Exception {
    PreferencePair inMemory =
        Fixtures.pair("m1").toBuilder()
            .images(
                List.of(ImageRef.InMemory.of(new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB))))
            .build();
    Path target = dir.resolve("mem.jsonl");
    try (JsonlWriter<PreferencePair> out =
        JsonlWriter.open(target, TrlPairEncoder.of(TrlStyle.STANDARD), WriteMode.REPLACE)) {
      out.write(Fixtures.pair("ok"));
      assertThatThrownBy(() -> out.write(inMemory))
          .isExactlyInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "pair 'm1': image 0 is held in memory; save it to a file and refer to it by path"
                  + " before writing");
      assertThat(out.alreadyWritten("m1")).isFalse();
      out.commit();
    }
    assertThat(Files.readAllLines(target)).hasSize(1);
  }

  @Test
  void writes_paths_resolved_against_the_configured_image_root() throws Exception {
    Path root = dir.resolve("data/images");
    String expected = root.toAbsolutePath().normalize().resolve("coco/1.jpg").toString();
    TrlPairEncoder encoder =
        TrlPairEncoder.of(TrlStyle.STANDARD).withImageRoot(dir.resolve("data/x/../images"));

    assertThat(write(encoder, Fixtures.pair("p1")))
        .endsWith("\"images\":[\"" + expected.replace('\\', '/') + "\"]}\n");
    assertThat(encoder)
        .hasToString(
            "TrlPairEncoder(style=STANDARD, imageRoot=" + root.toAbsolutePath().normalize() + ")");
  }

  @Test
  void describes_itself() {
    assertThat(TrlPairEncoder.of(TrlStyle.STANDARD)).hasToString("TrlPairEncoder(style=STANDARD)");
  }
}
