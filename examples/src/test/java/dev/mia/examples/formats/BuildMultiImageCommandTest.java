package dev.mia.examples.formats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildMultiImageCommandTest {
  @TempDir Path dir;

  private Path dataset() throws IOException {
    Path images = dir.resolve("images");
    Files.createDirectories(images.resolve("coco"));
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 10; i++) {
      BufferedImage image = new BufferedImage(30, 20, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < 20; y++) {
        for (int x = 0; x < 30; x++) {
          image.setRGB(x, y, random.nextInt(0x1000000));
        }
      }
      ImageIO.write(image, "png", images.resolve("coco/" + i + ".png").toFile());
    }
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < 12; i++) {
      String answer = i == 3 ? "At [0.1, 0.2, 0.3, 0.4]." : "Answer " + i + ".";
      json.append(i == 0 ? "" : ",")
          .append("{\"id\": \"s")
          .append(i)
          .append("\", \"image\": \"coco/")
          .append(i % 10)
          .append(
              ".png\", \"conversations\": [{\"from\": \"human\", \"value\": \"<image>\\nWhat is")
          .append(" shown?\"}, {\"from\": \"gpt\", \"value\": \"")
          .append(answer)
          .append("\"}]}");
    }
    json.append(",{\"id\": \"empty\", \"image\": \"coco/1.png\", \"conversations\": []}]");
    Path data = dir.resolve("llava.json");
    Files.writeString(data, json);
    return data;
  }

  private String run(Path data, String out, String threads, ByteArrayOutputStream stdout) {
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    int status =
        BuildMultiImageCommand.run(
            new String[] {
              "--data",
              data.toString(),
              "--images",
              dir.resolve("images").toString(),
              "--out",
              dir.resolve(out).toString(),
              "--threads",
              threads,
              "--seed",
              "3"
            },
            new PrintStream(stdout, true, StandardCharsets.UTF_8),
            new PrintStream(stderr, true, StandardCharsets.UTF_8));
    assertThat(status).as(stderr.toString(StandardCharsets.UTF_8)).isZero();
    return stderr.toString(StandardCharsets.UTF_8);
  }

  @Test
  void converts_llava_json_to_identical_jsonl_with_1_and_2_threads() throws IOException {
    Path data = dataset();
    ByteArrayOutputStream out1 = new ByteArrayOutputStream();
    String err1 = run(data, "out1", "1", out1);
    run(data, "out2", "2", new ByteArrayOutputStream());

    String jsonl1 = Files.readString(dir.resolve("out1/multi_image.jsonl"));
    String jsonl2 = Files.readString(dir.resolve("out2/multi_image.jsonl"));
    // Composed images live under each run's own output folder; otherwise the lines are identical.
    assertThat(jsonl2.replace("../out2/", "../out1/")).isEqualTo(jsonl1);
    assertThat(jsonl1).contains("../out1/images/");
    List<String> lines = Files.readAllLines(dir.resolve("out1/multi_image.jsonl"));
    // 12 readable records, one with a bounding box skipped.
    assertThat(lines).hasSize(11);
    ObjectMapper mapper = new ObjectMapper();
    for (String line : lines) {
      JsonNode node = mapper.readTree(line);
      for (JsonNode image : node.get("images")) {
        // Every path, original or composed, resolves against the image root.
        assertThat(dir.resolve("images").resolve(image.get("path").asText())).isRegularFile();
      }
    }
    String summary = out1.toString(StandardCharsets.UTF_8);
    assertThat(summary)
        .contains("inputs                       12")
        .contains("skipped has_bounding_box        1");
    assertThat(summary).contains("bad records                   1");
    assertThat(err1).contains("] 12/12").contains("record 12: sample 'empty'");
  }

  @Test
  void reports_bad_usage() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        BuildMultiImageCommand.run(
            new String[] {"--data"},
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("missing value after --data");
  }
}
