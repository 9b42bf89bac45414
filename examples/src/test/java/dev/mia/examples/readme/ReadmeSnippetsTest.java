package dev.mia.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Every {@code ```java} block of the README is a region of a compiled source file: the line before
 * the block is {@code <!-- snippet: PATH#NAME -->}, PATH relative to {@code examples/src/main/java}
 * (or {@code src/test/java}), and the block is the file's {@code // snippet:start NAME} ... {@code
 * // snippet:end NAME} regions, each dedented to its first line's indent, joined by a blank line.
 * The name {@code user-code} means the region between {@code // --- the user code} and {@code //
 * --- end of the user code} (TrainOnPairs).
 */
class ReadmeSnippetsTest {
  private static final Pattern MARKER = Pattern.compile("<!-- snippet: (\\S+)#(\\S+) -->");

  record Block(int line, String marker, String path, String name, String text) {}

  static List<Block> blocks() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("../README.md"), StandardCharsets.UTF_8);
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).equals("```java")) {
        continue;
      }
      String before = i > 0 ? lines.get(i - 1) : "";
      Matcher m = MARKER.matcher(before);
      int end = lines.subList(i + 1, lines.size()).indexOf("```") + i + 1;
      String text = lines.subList(i + 1, end).stream().collect(Collectors.joining("\n", "", "\n"));
      blocks.add(
          m.matches()
              ? new Block(i + 1, before, m.group(1), m.group(2), text)
              : new Block(i + 1, before, "", "", text));
      i = end;
    }
    return blocks;
  }

  static String region(String path, String name) throws IOException {
    Path file = Path.of("src/main/java", path);
    if (!Files.exists(file)) {
      file = Path.of("src/test/java", path);
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<String> parts = new ArrayList<>();
    List<String> current = null;
    for (String line : lines) {
      String s = line.strip();
      boolean start =
          name.equals("user-code")
              ? s.startsWith("// --- the user code")
              : s.equals("// snippet:start " + name);
      boolean stop =
          name.equals("user-code")
              ? s.startsWith("// --- end of the user code")
              : s.equals("// snippet:end " + name);
      if (start) {
        current = new ArrayList<>();
      } else if (stop && current != null) {
        parts.add(dedent(current));
        current = null;
      } else if (current != null) {
        current.add(line);
      }
    }
    assertThat(parts).as(path + "#" + name + " regions").isNotEmpty();
    return String.join("\n", parts);
  }

  /** Drops the part's blank first and last lines, then its first line's indent. */
  private static String dedent(List<String> part) {
    List<String> lines = new ArrayList<>(part);
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
      lines.remove(lines.size() - 1);
    }
    while (!lines.isEmpty() && lines.get(0).isBlank()) {
      lines.remove(0);
    }
    int indent = lines.isEmpty() ? 0 : lines.get(0).length() - lines.get(0).stripLeading().length();
    String prefix = " ".repeat(indent);
    return lines.stream()
        .map(l -> l.startsWith(prefix) ? l.substring(indent) : l.strip())
        .collect(Collectors.joining("\n", "", "\n"));
  }

  @Test
  void every_java_block_of_the_readme_names_its_source() throws IOException {
    List<String> unmarked =
        blocks().stream()
            .filter(b -> b.path().isEmpty())
            .map(b -> "README.md line " + b.line())
            .toList();
    assertThat(unmarked).as("java blocks without a snippet marker").isEmpty();
  }

  @Test
  void every_marked_block_equals_its_source_region() throws IOException {
    List<Block> blocks = blocks();
    assertThat(blocks).isNotEmpty();
    for (Block b : blocks) {
      if (!b.path().isEmpty()) {
        assertThat(b.text()).as(b.marker()).isEqualTo(region(b.path(), b.name()));
      }
    }
  }

  /** Runs a block's main and returns what it printed. */
  private static String printed(ThrowingRunnable main) throws Exception {
    PrintStream stdout = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      main.run();
    } finally {
      System.setOut(stdout);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  @Test
  @ResourceLock("system-out")
  void the_rewriter_block_runs() throws Exception {
    assertThat(printed(() -> RewriterSnippet.main(new String[0])))
        .isNotBlank()
        .isNotEqualTo("Two red buses are on the left.\n");
  }

  @Test
  @ResourceLock("djl-gradient-collector")
  @ResourceLock("system-out")
  void the_loss_block_runs_and_records_a_gradient() throws Exception {
    assertThat(printed(() -> LossSnippet.main(new String[0])))
        .contains("rewards/margins")
        .contains("ND: (2)");
  }

  @Test
  void the_core_block_runs_and_resumes(@TempDir Path dir) throws IOException {
    Path llava = dir.resolve("llava.json");
    Files.writeString(
        llava,
        "[{\"id\":\"a\",\"image\":\"coco/a.jpg\",\"conversations\":["
            + "{\"from\":\"human\",\"value\":\"<image>\\nWhat colour is the bus?\"},"
            + "{\"from\":\"gpt\",\"value\":\"The bus is red.\"}]}]");
    Path pairs = dir.resolve("pairs.jsonl");
    String[] args = {llava.toString(), pairs.toString()};
    CoreSnippet.main(args);
    CoreSnippet.main(args); // resumes: the pair is already written

    assertThat(Files.readAllLines(pairs)).hasSize(1);
    assertThat(Files.readString(pairs)).contains("\"chosen\":\"The bus is red.\"");
  }

  @Test
  @ResourceLock("system-out")
  void the_formats_block_runs_its_two_passes(@TempDir Path dir) throws Exception {
    Path images = dir.resolve("images");
    Files.createDirectories(images.resolve("coco"));
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < 4; i++) {
      BufferedImage image = new BufferedImage(24, 16, BufferedImage.TYPE_INT_RGB);
      image.setRGB(i, i, 0xff0000);
      ImageIO.write(image, "png", images.resolve("coco/" + i + ".png").toFile());
      json.append(i == 0 ? "" : ",")
          .append("{\"id\":\"s" + i + "\",\"image\":\"coco/" + i + ".png\",")
          .append("\"conversations\":[{\"from\":\"human\",\"value\":\"<image>\\nWhat is")
          .append(" shown?\"},{\"from\":\"gpt\",\"value\":\"A dot.\"}]}");
    }
    Files.writeString(dir.resolve("llava.json"), json.append("]"));
    Path out = dir.resolve("multi.jsonl");

    String printed =
        printed(
            () ->
                FormatsSnippet.main(
                    new String[] {
                      dir.resolve("llava.json").toString(), images.toString(), out.toString()
                    }));

    assertThat(Files.readAllLines(out))
        .isNotEmpty(); // a sample whose format finds too few companions is skipped
    assertThat(printed).isNotBlank();
  }
}
