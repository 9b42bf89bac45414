package dev.mia.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mia.core.data.PreferencePair;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pair files that Python trainers read, checked against the field names and types those
 * trainers expect, with images (one-image and two-image, multi-turn pairs):
 *
 * <ul>
 *   <li>TRL {@code DPOTrainer} (0.24 and 1.x, "Dataset formats" of the TRL documentation; vision
 *       datasets as in {@code trl/examples/scripts/dpo_vlm.py}): standard style {@code prompt},
 *       {@code chosen}, {@code rejected} strings and {@code images} a list of paths, one per {@code
 *       <image>} of the prompt; conversational style {@code prompt} a list of messages ({@code
 *       role} among system, user, assistant; {@code content} a list of parts {@code {"type":
 *       "image"}} or {@code {"type": "text", "text": str}}), {@code chosen} and {@code rejected}
 *       lists of assistant messages, one {@code images} path per image part.
 *   <li>LLaMA-Factory 0.9 sharegpt preference data ({@code "ranking": true, "formatting":
 *       "sharegpt"} in {@code dataset_info.json}, {@code data/README.md}): {@code conversations} a
 *       list of {@code {"from", "value"}} turns alternating human and gpt, odd in number and ending
 *       with human; {@code chosen} and {@code rejected} one gpt turn each; {@code images} a list of
 *       paths, one per {@code <image>} in the turns (its multimodal plugin checks the count).
 * </ul>
 */
class TrainerInteropTest {
  private static final Pattern IMAGE = Pattern.compile("<image>");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private List<JsonNode> write(RecordEncoder<PreferencePair> encoder, PreferencePair... pairs)
      throws Exception {
    Path target = dir.resolve("pairs.jsonl");
    try (JsonlWriter<PreferencePair> out = JsonlWriter.open(target, encoder, WriteMode.REPLACE)) {
      for (PreferencePair pair : pairs) {
        out.write(pair);
      }
      out.commit();
    }
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(target, StandardCharsets.UTF_8)) {
      lines.add(JSON.readTree(line));
    }
    return lines;
  }

  private static int placeholders(String text) {
    Matcher m = IMAGE.matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  private static void assertImagePaths(JsonNode row, int expected) {
    assertThat(row.get("images").isArray()).isTrue();
    assertThat(row.get("images")).hasSize(expected);
    row.get("images").forEach(p -> assertThat(p.isTextual()).isTrue());
  }

  @Test
  void trl_standard_rows_hold_string_fields_and_one_path_per_placeholder() throws Exception {
    for (JsonNode row : write(TrlPairEncoder.of(TrlStyle.STANDARD), Fixtures.pair("p1"))) {
      for (String field : List.of("prompt", "chosen", "rejected")) {
        assertThat(row.get(field).isTextual()).as(field).isTrue();
      }
      assertImagePaths(row, placeholders(row.get("prompt").asText()));
      assertThat(row.get("images")).hasSize(1);
    }
  }

  @Test
  void trl_conversational_rows_hold_messages_with_typed_parts_and_one_path_per_image_part()
      throws Exception {
    List<JsonNode> rows =
        write(
            TrlPairEncoder.of(TrlStyle.CONVERSATIONAL).withImageRoot(dir),
            Fixtures.pair("p1"),
            Fixtures.fullPair("p2"));
    for (JsonNode row : rows) {
      int imageParts = 0;
      for (String field : List.of("prompt", "chosen", "rejected")) {
        JsonNode messages = row.get(field);
        assertThat(messages.isArray()).as(field).isTrue();
        for (JsonNode message : messages) {
          assertThat(message.get("role").asText()).isIn("system", "user", "assistant");
          if (!field.equals("prompt")) {
            assertThat(message.get("role").asText()).isEqualTo("assistant");
          }
          for (JsonNode part : message.get("content")) {
            String type = part.get("type").asText();
            assertThat(type).isIn("image", "text");
            if (type.equals("text")) {
              assertThat(part.get("text").isTextual()).isTrue();
            } else {
              imageParts++;
            }
          }
        }
      }
      assertImagePaths(row, imageParts);
      row.get("images").forEach(p -> assertThat(Path.of(p.asText())).isAbsolute());
    }
    assertThat(rows.get(1).get("images")).hasSize(2);
  }

  @Test
  void sharegpt_rows_alternate_human_and_gpt_and_hold_one_path_per_placeholder() throws Exception {
    for (JsonNode row :
        write(SharegptPairEncoder.INSTANCE, Fixtures.pair("p1"), Fixtures.fullPair("p2"))) {
      JsonNode turns = row.get("conversations");
      assertThat(turns.size() % 2).isEqualTo(1);
      int images = 0;
      for (int i = 0; i < turns.size(); i++) {
        assertThat(turns.get(i).get("from").asText()).isEqualTo(i % 2 == 0 ? "human" : "gpt");
        assertThat(turns.get(i).get("value").isTextual()).isTrue();
        images += placeholders(turns.get(i).get("value").asText());
      }
      for (String field : List.of("chosen", "rejected")) {
        assertThat(row.get(field).get("from").asText()).isEqualTo("gpt");
        assertThat(row.get(field).get("value").isTextual()).isTrue();
        assertThat(Set.of("from", "value")).containsAll(() -> row.get(field).fieldNames());
      }
      assertImagePaths(row, images);
    }
  }
}
