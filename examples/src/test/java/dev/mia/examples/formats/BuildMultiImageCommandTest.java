package dev.mia.examples.formats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mia.core.data.ImageRef;
import dev.mia.core.data.MultiImageSample;
import dev.mia.core.data.PathPolicy;
import dev.mia.core.io.DatasetReader;
import dev.mia.core.io.RecordStream;
import dev.mia.formats.label.LabelStyle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildMultiImageCommandTest {
  @TempDir Path dir;

  /** Ten noisy 30x20 images under {@code root/images/coco}, and 13 LLaVA records. */
  private static Path dataset(Path root) throws IOException {
    Path images = root.resolve("images");
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
    // Record 12 has no turns: a bad record.
    json.append(",{\"id\": \"empty\", \"image\": \"coco/1.png\", \"conversations\": []}]");
    Path data = root.resolve("llava.json");
    Files.writeString(data, json);
    return data;
  }

  private record Result(int status, String out, String err) {}

  private static Result run(Path root, String threads, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--data",
                root.resolve("llava.json").toString(),
                "--images",
                root.resolve("images").toString(),
                "--out",
                root.resolve("out").toString(),
                "--threads",
                threads,
                "--seed",
                "3",
                // Small tiles keep the test fast; the labels shrink to scale 1.
                "--tile-size",
                "48",
                "--margin",
                "12"));
    args.addAll(List.of(extra));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        BuildMultiImageCommand.run(
            args.toArray(String[]::new),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Every file under the folder, by its path relative to it, with its bytes. */
  private static Map<String, byte[]> files(Path folder) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path p : paths.filter(Files::isRegularFile).toList()) {
        files.put(folder.relativize(p).toString(), Files.readAllBytes(p));
      }
    }
    return files;
  }

  /** The summary's "label count" lines, by label. */
  private static Map<String, Long> summaryTable(String out) {
    Map<String, Long> table = new TreeMap<>();
    Pattern row = Pattern.compile("(.*?) +(\\d+)");
    for (String line : out.split("\n")) {
      Matcher m = row.matcher(line);
      if (m.matches()) {
        table.put(m.group(1), Long.parseLong(m.group(2)));
      }
    }
    return table;
  }

  @Test
  void writes_byte_identical_output_with_1_and_2_threads() throws IOException {
    Path one = dir.resolve("one");
    Path two = dir.resolve("two");
    dataset(one);
    dataset(two);

    assertThat(run(one, "1").status()).isZero();
    assertThat(run(two, "2").status()).isZero();

    Map<String, byte[]> first = files(one.resolve("out"));
    Map<String, byte[]> second = files(two.resolve("out"));
    // The JSONL (committed, no .partial left) plus composed grid and pic-in-pic images.
    assertThat(first).containsKey("multi_image.jsonl").hasSizeGreaterThan(1);
    assertThat(first.keySet()).noneMatch(name -> name.endsWith(".partial"));
    assertThat(second.keySet()).isEqualTo(first.keySet());
    first.forEach((name, bytes) -> assertThat(second.get(name)).as(name).isEqualTo(bytes));
  }

  @Test
  void output_reads_back_with_the_counts_of_the_summary() throws IOException {
    dataset(dir);

    Result result = run(dir, "2");

    assertThat(result.status()).as(result.err()).isZero();
    List<MultiImageSample> samples = new ArrayList<>();
    Map<String, Long> perFormat = new TreeMap<>();
    try (RecordStream<MultiImageSample> stream =
        DatasetReader.DEFAULT.readMiaMultiImage(dir.resolve("out/multi_image.jsonl"))) {
      stream.forEachRemaining(samples::add);
    }
    // 13 records: 1 bad (no turns), 1 skipped for its bounding box, 11 built (no refusals).
    assertThat(samples).hasSize(11);
    for (MultiImageSample sample : samples) {
      String key =
          sample.format().name().toLowerCase(Locale.ROOT)
              + ", "
              + sample.layout().sourceImageCount()
              + " images";
      perFormat.merge(key, 1L, Long::sum);
      for (ImageRef image : sample.images()) {
        // Every path, original or composed, resolves against the image root; the composed ones
        // climb out of it to <out>/images, so they need PathPolicy.ANYWHERE.
        assertThat(((ImageRef.OnDisk) image).resolve(dir.resolve("images"), PathPolicy.ANYWHERE))
            .isRegularFile();
      }
    }
    assertThat(perFormat.keySet()).anyMatch(k -> k.startsWith("grid"));
    Map<String, Long> table = summaryTable(result.out());
    perFormat.forEach((key, count) -> assertThat(table).containsEntry(key, count));
    assertThat(table)
        .containsEntry("inputs", 12L)
        .containsEntry("built", 11L)
        .containsEntry("skipped has_bounding_box", 1L)
        .containsEntry("bad records", 1L);
    // no console in the tests: plain progress lines, no carriage returns
    assertThat(result.err())
        .contains("12/12 (100%)")
        .contains("skipped bad record 12: sample 'empty'")
        .doesNotContain("\r");
  }

  @Test
  void a_bad_json_line_is_reported_by_its_line_number() throws IOException {
    dataset(dir);
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 4; i++) {
      lines.append(
          i == 2
              ? "{\"id\": \"broken\", \"image\": \"coco/2.png\"}\n"
              : "{\"id\": \"s"
                  + i
                  + "\", \"image\": \"coco/"
                  + i
                  + ".png\", \"conversations\": [{\"from\": \"human\", \"value\":"
                  + " \"<image>\\nWhat is shown?\"}, {\"from\": \"gpt\", \"value\": \"A.\"}]}\n");
    }
    Files.writeString(dir.resolve("llava.json"), lines);

    Result result = run(dir, "1");

    assertThat(result.status()).as(result.err()).isZero();
    assertThat(result.err())
        .contains("skipped bad line 3: llava.json: line 3: ")
        .doesNotContain("bad record -1");
  }

  @Test
  void a_path_leaving_the_image_root_skips_only_its_own_sample() throws IOException {
    dataset(dir);
    Files.createDirectories(dir.resolve("outside"));
    Files.copy(dir.resolve("images/coco/0.png"), dir.resolve("outside/x.png"));
    String json = Files.readString(dir.resolve("llava.json"));
    // Record s5 names a file that exists outside the image root, in the same group as the rest.
    Files.writeString(
        dir.resolve("llava.json"), json.replace("\"coco/5.png\"", "\"coco/../../outside/x.png\""));

    Result result = run(dir, "1");

    assertThat(result.status()).as(result.err()).isZero();
    assertThat(result.err())
        .contains(
            "UNREADABLE_IMAGE sample 's5': image 'coco/../../outside/x.png': path leaves the image"
                + " root after normalisation");
    // No other sample drew it as a companion: it is the only unreadable one.
    assertThat(summaryTable(result.out())).containsEntry("skipped unreadable_image", 1L);
  }

  @Test
  void a_file_without_one_usable_record_fails() throws IOException {
    dataset(dir);
    Files.writeString(dir.resolve("llava.json"), "{\"data\": []}\n");

    Result result = run(dir, "1");

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.err())
        .endsWith(
            "error: "
                + dir.resolve("llava.json")
                + ": no usable record (1 bad records skipped), nothing to build\n");
    assertThat(dir.resolve("out/multi_image.jsonl")).doesNotExist();
  }

  @Test
  void stops_at_the_first_bad_record_when_asked() throws IOException {
    dataset(dir);

    Result result = run(dir, "1", "--bad-records", "fail");

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.err()).contains("error: ").contains("sample 'empty'");
    assertThat(dir.resolve("out/multi_image.jsonl")).doesNotExist();
  }

  @Test
  void default_tiles_get_mia_dpo_labels_and_small_tiles_smaller_ones() {
    assertThat(BuildMultiImageCommand.labelFor(448, 40)).isEqualTo(LabelStyle.miaDpo());
    // 48 * 20 / 448 = 2; scale min(4, 12 / 9, (48 - 2) / 35) = 1; cell 9 + (12 - 9) / 2 = 10.
    assertThat(BuildMultiImageCommand.labelFor(48, 12)).isEqualTo(new LabelStyle(1, 0, 2, 10));
  }

  @Test
  void reports_bad_usage() {
    Result missing = run(dir, "1", "--data");
    assertThat(missing.status()).isEqualTo(2);
    assertThat(missing.err()).startsWith("Missing required parameter for option '--data' (FILE)");

    Result tiny = run(dir, "1", "--tile-size", "30");
    assertThat(tiny.status()).isEqualTo(2);
    assertThat(tiny.err())
        .startsWith(
            "--tile-size must be >= 36 and --margin >= 9 to fit the tile labels, but are: 30 and"
                + " 12");

    Result policy = run(dir, "1", "--bad-records", "ignore");
    assertThat(policy.status()).isEqualTo(2);
    assertThat(policy.err())
        .isEqualTo(
            "Invalid value for option '--bad-records': must be skip or fail, but is: ignore"
                + " (--help lists the options)\n");

    Result paths = run(dir, "1", "--image-paths", "yes");
    assertThat(paths.status()).isEqualTo(2);
    assertThat(paths.err())
        .startsWith(
            "Invalid value for option '--image-paths': must be inside-root, allow-absolute or anywhere, but is: yes");
  }
}
