package dev.mia.examples.formats;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mia.core.data.Box;
import dev.mia.core.data.ImageRef;
import dev.mia.core.data.Layout;
import dev.mia.core.data.MultiImageSample;
import dev.mia.core.data.Provenance;
import dev.mia.core.data.SftSample;
import dev.mia.core.data.Turn;
import dev.mia.formats.SequenceFormat;
import dev.mia.formats.augment.AugmentListener;
import dev.mia.formats.augment.AugmentSummary;
import dev.mia.formats.augment.CompanionPool;
import dev.mia.formats.augment.Grouping;
import dev.mia.formats.augment.MultiImageAugmenter;
import dev.mia.formats.augment.SkippedSample;
import dev.mia.formats.augment.Workspace;
import dev.mia.formats.store.ImageEncoding;
import dev.mia.formats.store.ImageStore;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Converts a LLaVA-style JSON file and its image folder into MIA-DPO multi-image data: a JSONL file
 * of samples (one JSON object per line) and the composed collages and insets under {@code
 * <out>/images}.
 *
 * <pre>
 * BuildMultiImageCommand --data llava.json --images DIR --out DIR [--seed 42] [--threads N]
 *                        [--jpeg QUALITY] [--refusal-rate R]
 * </pre>
 *
 * <p>The file is read twice, streaming: once to fill the companion pool with the image paths, once
 * to build. Every image path in the output is relative to {@code --images}. The JSONL is written to
 * a temporary file and renamed to {@code <out>/multi_image.jsonl} at the end; a progress bar goes
 * to the error stream and a summary of counts per format and image count to the output. Exit
 * status: 0 on success, 1 on an I/O failure, 2 on bad usage.
 *
 * <p>The JSONL is written here with Jackson; mia-core's JSONL writers replace it once merged.
 */
public final class BuildMultiImageCommand {
  private static final String USAGE =
      "usage: BuildMultiImageCommand --data FILE --images DIR --out DIR [--seed N] [--threads N]"
          + " [--jpeg QUALITY] [--refusal-rate R]";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private BuildMultiImageCommand() {}

  /**
   * Runs the command and exits with its status if it is not 0.
   *
   * @param args the command-line arguments
   */
  public static void main(String[] args) {
    int status = run(args, System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Runs the command.
   *
   * @param args the command-line arguments
   * @param out where the summary goes
   * @param err where the progress bar, skipped samples and errors go
   * @return 0 on success, 1 on an I/O failure, 2 on bad usage
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Path data = null;
    Path images = null;
    Path outDir = null;
    long seed = 42;
    int threads = Runtime.getRuntime().availableProcessors();
    ImageEncoding encoding = ImageEncoding.png();
    double refusalRate = 0.0;
    try {
      for (int i = 0; i < args.length; i++) {
        String value = i + 1 < args.length ? args[i + 1] : null;
        if (value == null) {
          throw new IllegalArgumentException("missing value after " + args[i]);
        }
        switch (args[i++]) {
          case "--data" -> data = Path.of(value);
          case "--images" -> images = Path.of(value);
          case "--out" -> outDir = Path.of(value);
          case "--seed" -> seed = Long.parseLong(value);
          case "--threads" -> threads = Integer.parseInt(value);
          case "--jpeg" -> encoding = ImageEncoding.jpeg(Float.parseFloat(value));
          case "--refusal-rate" -> refusalRate = Double.parseDouble(value);
          default -> throw new IllegalArgumentException("unknown option: " + args[i - 1]);
        }
      }
      if (data == null || images == null || outDir == null) {
        throw new IllegalArgumentException("--data, --images and --out are required");
      }
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.println(USAGE);
      return 2;
    }
    try {
      return convert(data, images, outDir, seed, threads, encoding, refusalRate, out, err);
    } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
  }

  private static int convert(
      Path data,
      Path images,
      Path outDir,
      long seed,
      int threads,
      ImageEncoding encoding,
      double refusalRate,
      PrintStream out,
      PrintStream err)
      throws IOException {
    CompanionPool.Builder pool = CompanionPool.builder(Grouping.FIRST_PATH_SEGMENT);
    long[] total = {0};
    List<String> bad = new ArrayList<>();
    try (Stream<SftSample> samples = LlavaJson.read(data, bad::add)) {
      samples.forEach(
          s -> {
            total[0]++;
            if (s.images().size() == 1) {
              pool.add(s);
            }
          });
    }
    Files.createDirectories(outDir);
    ImageStore store =
        ImageStore.builder(outDir.resolve("images"))
            .encoding(encoding)
            .pathsRelativeTo(images)
            .build();
    MultiImageAugmenter augmenter =
        MultiImageAugmenter.builder()
            .sequence(SequenceFormat.withRefusalRate(refusalRate))
            .grid()
            .picInPic()
            .seed(seed)
            .threads(threads)
            .build();
    Path target = outDir.resolve("multi_image.jsonl");
    Path temp = Files.createTempFile(outDir, "multi_image", ".jsonl.tmp");
    ProgressBar bar = new ProgressBar(err, total[0]);
    AugmentSummary summary;
    try (BufferedWriter writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8);
        Stream<SftSample> samples = LlavaJson.read(data, s -> {})) {
      summary =
          augmenter.run(
              samples,
              new Workspace(images, pool.build(), store),
              sample -> writeLine(writer, sample),
              new AugmentListener() {
                @Override
                public void skipped(SkippedSample skipped) {
                  bar.note(skipped.reason() + " " + skipped.message());
                }

                @Override
                public void progress(long inputsDone) {
                  bar.update(inputsDone);
                }
              });
    } catch (RuntimeException | IOException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    bar.finish();
    for (String b : bad) {
      err.println("skipped bad " + b);
    }
    out.print(summary.table());
    if (!bad.isEmpty()) {
      out.printf("%-22s %8d%n", "bad records", bad.size());
    }
    out.println("wrote " + target);
    return 0;
  }

  private static void writeLine(BufferedWriter writer, MultiImageSample sample) {
    try {
      writer.write(MAPPER.writeValueAsString(toJson(sample)));
      writer.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** mia's lossless form of a multi-image sample, with a fixed key order. */
  static ObjectNode toJson(MultiImageSample sample) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("id", sample.id());
    ArrayNode imageArray = node.putArray("images");
    for (ImageRef ref : sample.images()) {
      ObjectNode image = imageArray.addObject();
      ImageRef.OnDisk file = (ImageRef.OnDisk) ref;
      image.put("path", file.path());
      file.contentHash().ifPresent(h -> image.put("sha256", h));
    }
    node.put("format", sample.format().name());
    node.put("target_index", sample.targetIndex());
    ObjectNode layout = node.putObject("layout");
    if (sample.layout() instanceof Layout.Sequence seq) {
      layout.put("image_count", seq.imageCount());
    } else if (sample.layout() instanceof Layout.Grid grid) {
      layout.put("rows", grid.rows()).put("columns", grid.columns());
      layout.put("width", grid.width()).put("height", grid.height());
      ArrayNode tiles = layout.putArray("tiles");
      grid.tiles().forEach(b -> tiles.add(box(b)));
    } else if (sample.layout() instanceof Layout.PicInPic pip) {
      layout.put("width", pip.width()).put("height", pip.height());
      layout.set("inner", box(pip.inner()));
    }
    ArrayNode turns = node.putArray("conversations");
    for (Turn turn : sample.conversation().turns()) {
      turns.addObject().put("from", turn.role().llavaName()).put("value", turn.text());
    }
    ObjectNode provenance = node.putObject("provenance");
    ArrayNode sources = provenance.putArray("source_ids");
    sample.provenance().sourceIds().forEach(sources::add);
    ArrayNode stages = provenance.putArray("stages");
    for (Provenance.Stage stage : sample.provenance().stages()) {
      ObjectNode s = stages.addObject().put("name", stage.name()).put("detail", stage.detail());
      ObjectNode scores = s.putObject("scores");
      for (Map.Entry<String, Double> e : stage.scores().entrySet()) {
        scores.put(e.getKey(), e.getValue());
      }
    }
    return node;
  }

  private static ArrayNode box(Box b) {
    ArrayNode a = MAPPER.createArrayNode();
    return a.add(b.x()).add(b.y()).add(b.width()).add(b.height());
  }

  /** A one-line progress bar, redrawn when the percentage changes. */
  private static final class ProgressBar {
    private final PrintStream err;
    private final long total;
    private long shownPercent = -1;

    ProgressBar(PrintStream err, long total) {
      this.err = err;
      this.total = Math.max(1, total);
    }

    void update(long done) {
      long percent = done * 100 / total;
      if (percent != shownPercent) {
        shownPercent = percent;
        int filled = (int) (percent * 30 / 100);
        err.print("\r[" + "#".repeat(filled) + " ".repeat(30 - filled) + "] " + done + "/" + total);
        err.flush();
      }
    }

    void note(String line) {
      err.print("\r");
      err.println(line);
      shownPercent = -1;
    }

    void finish() {
      err.println();
    }
  }
}
