package dev.mia.examples.formats;

import dev.mia.core.ImagePathException;
import dev.mia.core.MiaException;
import dev.mia.core.data.ImageRef;
import dev.mia.core.data.MultiImageSample;
import dev.mia.core.data.SftSample;
import dev.mia.core.image.ImageLimits;
import dev.mia.core.io.BadRecord;
import dev.mia.core.io.DatasetReader;
import dev.mia.core.io.JsonlWriter;
import dev.mia.core.io.MiaMultiImageCodec;
import dev.mia.core.io.RecordStream;
import dev.mia.core.io.WriteMode;
import dev.mia.examples.CommandLines;
import dev.mia.examples.ProgressChoice;
import dev.mia.formats.GridFormat;
import dev.mia.formats.SequenceFormat;
import dev.mia.formats.augment.AugmentListener;
import dev.mia.formats.augment.AugmentSummary;
import dev.mia.formats.augment.CompanionPool;
import dev.mia.formats.augment.Grouping;
import dev.mia.formats.augment.MultiImageAugmenter;
import dev.mia.formats.augment.SkippedSample;
import dev.mia.formats.augment.Workspace;
import dev.mia.formats.label.BitmapFont;
import dev.mia.formats.label.LabelStyle;
import dev.mia.formats.store.ImageEncoding;
import dev.mia.formats.store.ImageStore;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Converts LLaVA instruction data (a JSON array or JSON lines) and its image folder into MIA-DPO
 * multi-image data: a JSONL file of samples in mia's lossless form ({@link MiaMultiImageCodec},
 * read back with {@link DatasetReader#readMiaMultiImage}) and the composed collages and insets
 * under {@code <out>/images}.
 *
 * <pre>
 * BuildMultiImageCommand --data llava.json --images DIR --out DIR [--seed 42] [--threads N]
 *                        [--jpeg QUALITY] [--refusal-rate R] [--tile-size 448] [--margin 40]
 *                        [--bad-records skip|fail] [--image-paths inside-root|allow-absolute|anywhere]
 *                        [--max-pixels N] [--max-bytes N]
 * </pre>
 *
 * <p>The data is read twice with {@link DatasetReader}, streaming: once to fill the companion pool
 * with the image paths (packed, about 40 bytes per image, see {@link CompanionPool}), once to
 * build; a 665k-record LLaVA file runs at {@code -Xmx64m}. {@code --bad-records skip} (the default)
 * skips records that are malformed or break a sample's rules and lists them as the first pass meets
 * them; {@code fail} stops at the first one. {@code --tile-size} and {@code --margin} set the grid
 * collage's geometry ({@link GridFormat}); the tile labels keep MIA-DPO's look at 448/40 and shrink
 * with smaller tiles (see {@link #labelFor(int, int)}).
 *
 * <p>Image paths in the data are untrusted: by default ({@code --image-paths inside-root}) one that
 * leaves {@code --images} after normalisation skips its sample, and so does an absolute one; {@code
 * allow-absolute} opens absolute paths, {@code anywhere} any path ({@link
 * dev.mia.core.data.PathPolicy}). Only regular files are opened. An image that declares more than
 * {@code --max-pixels} pixels or holds more than {@code --max-bytes} bytes skips its sample too
 * (defaults {@link ImageLimits#DEFAULT}).
 *
 * <p>Every image path in the output is relative to {@code --images}; the composed images', when
 * {@code --out} is not inside {@code --images}, climb out of it ({@code ../out/images/...}), so a
 * reader of the output resolves them against {@code --images} with {@link
 * dev.mia.core.data.PathPolicy#ANYWHERE}. The JSONL goes through {@link JsonlWriter}: written to
 * {@code <out>/multi_image.jsonl.partial} and renamed atomically to {@code <out>/multi_image.jsonl}
 * when the run succeeds; a failed run leaves the {@code .partial} file and any earlier output
 * untouched. A progress bar goes to the error stream and a summary of counts per format and image
 * count to the output. The output is the same for any {@code --threads}. Exit status: 0 on success,
 * 1 on bad data or an I/O failure, 2 on bad usage.
 */
public final class BuildMultiImageCommand {
  /** The widest tile label, that of MIA-DPO's largest grid (3x3), at scale 1. */
  private static final int WIDEST_LABEL = BitmapFont.width("Image9", 1);

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
   * @param err where the progress bar, skipped samples and records, and errors go
   * @return 0 on success, 1 on bad data or an I/O failure, 2 on bad usage
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return CommandLines.run(new Options(), args, out, err, o -> run(o.finish(), out, err));
  }

  private static int run(Options options, PrintStream out, PrintStream err) {
    try {
      convert(options, out, err);
      return 0;
    } catch (MiaException | IOException | UncheckedIOException | IllegalArgumentException e) {
      err.println();
      err.println("error: " + e.getMessage());
      return 1;
    }
  }

  /**
   * Returns the tile label for a grid with the given tile size and margin: MIA-DPO's black label
   * ({@link LabelStyle#miaDpo()} at 448 and 40) scaled down for smaller tiles. Its offset from the
   * tile's left edge is {@code tileSize * 20 / 448}; its scale the largest up to 4 with which the
   * text fits the margin ({@code 9 * scale <= margin}) and the widest label, {@code Image9}, fits
   * the tile; its cell is centred in the margin.
   *
   * @param tileSize the tile side in pixels
   * @param margin the margin in pixels
   * @return the label style
   * @throws IllegalArgumentException if not even scale 1 fits
   */
  public static LabelStyle labelFor(int tileSize, int margin) {
    int offsetX = tileSize * 20 / 448;
    int scale = Math.min(4, Math.min(margin / 9, (tileSize - offsetX) / WIDEST_LABEL));
    if (scale < 1) {
      throw new IllegalArgumentException(
          "--tile-size must be >= "
              + (WIDEST_LABEL + 1)
              + " and --margin >= 9 to fit the tile labels, but are: "
              + tileSize
              + " and "
              + margin);
    }
    int textHeight = 9 * scale;
    return new LabelStyle(
        scale, LabelStyle.miaDpo().rgb(), offsetX, textHeight + (margin - textHeight) / 2);
  }

  private static void convert(Options o, PrintStream out, PrintStream err) throws IOException {
    // Bad records are reported as the first pass meets them, not kept: memory stays flat however
    // many there are.
    long[] bad = {0};
    DatasetReader reader =
        DatasetReader.builder()
            .onBadRecord(o.augment.onBadRecord())
            .badRecordListener(
                b -> {
                  bad[0]++;
                  err.println("skipped " + where(b) + ": " + b.message());
                })
            .build();
    FirstPass first = firstPass(reader, o);
    long total = first.total();
    if (total == 0) {
      throw new MiaException(
          o.augment.data()
              + ": no usable record ("
              + bad[0]
              + " bad records skipped), nothing to build");
    }
    // The first pass reported the bad records; the second one skips the same ones silently.
    DatasetReader again = DatasetReader.builder().onBadRecord(o.augment.onBadRecord()).build();
    Files.createDirectories(o.augment.out());
    ImageStore store =
        ImageStore.builder(o.augment.out().resolve("images"))
            .encoding(o.encoding)
            .pathsRelativeTo(o.augment.images())
            .build();
    MultiImageAugmenter augmenter =
        MultiImageAugmenter.builder()
            .sequence(o.sequence)
            .grid(o.grid)
            .picInPic()
            .seed(o.augment.seed())
            .threads(o.threads)
            .build();
    ProgressBar bar = new ProgressBar(err, total, !o.progress.bar());
    AugmentSummary summary;
    Path target = o.augment.out().resolve("multi_image.jsonl");
    try (RecordStream<SftSample> samples = again.readLlava(o.augment.data());
        JsonlWriter<MultiImageSample> writer =
            JsonlWriter.open(target, MiaMultiImageCodec.INSTANCE, WriteMode.REPLACE)) {
      summary =
          augmenter.run(
              samples.stream(),
              new Workspace(
                  o.augment.images(), first.pool(), store, o.augment.pathPolicy(), o.limits),
              writer::write,
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
      writer.commit();
    }
    bar.finish();
    String table = summary.table();
    out.print(table);
    if (bad[0] > 0) {
      // one more row of the table: its lines are a padded label, a space and 8 count characters
      int labelWidth = table.indexOf('\n') - 9;
      out.printf("%-" + labelWidth + "s %8d%n", "bad records", bad[0]);
    }
    out.println("wrote " + target);
  }

  /** What the first pass found: the companion pool and the number of good records. */
  private record FirstPass(CompanionPool pool, long total) {}

  /**
   * Streams the data once to fill the companion pool. The pool is built here, so that the builder's
   * growable lists are garbage before the second pass starts.
   */
  private static FirstPass firstPass(DatasetReader reader, Options o) {
    CompanionPool.Builder pool = CompanionPool.builder(Grouping.FIRST_PATH_SEGMENT);
    long total;
    try (RecordStream<SftSample> samples = reader.readLlava(o.augment.data())) {
      while (samples.hasNext()) {
        SftSample sample = samples.next();
        if (sample.images().size() == 1
            && sample.images().get(0) instanceof ImageRef.OnDisk image
            && allowed(image, o)) {
          pool.add(image.path());
        }
      }
      total = samples.deliveredCount();
    }
    // Built once the stream (and its index of ids) is closed, so the two never share the heap.
    return new FirstPass(pool.build(), total);
  }

  /**
   * Whether the path policy lets the image be opened: a refused path never becomes a companion, so
   * it costs only the sample that names it (skipped in the second pass), not the samples that would
   * draw it.
   */
  private static boolean allowed(ImageRef.OnDisk image, Options o) {
    try {
      image.resolve(o.augment.images(), o.augment.pathPolicy());
      return true;
    } catch (ImagePathException e) {
      return false;
    }
  }

  /**
   * Where a bad record is: {@code bad record N} (0-based) in a JSON array, {@code bad line N}
   * (1-based) in JSON lines, whose records have no index.
   */
  static String where(BadRecord bad) {
    return bad.recordIndex() >= 0 ? "bad record " + bad.recordIndex() : "bad line " + bad.line();
  }

  /** The command line, and the settings derived from it. */
  @Command(
      name = "BuildMultiImageCommand",
      sortOptions = false,
      usageHelpAutoWidth = true,
      description =
          "Converts LLaVA instruction data and its image folder into MIA-DPO multi-image data"
              + " (sequence, grid collage, pic-in-pic): <out>/multi_image.jsonl and <out>/images."
              + " Exit status: 0 on success, 1 on bad data or an I/O failure, 2 on bad usage.")
  static final class Options {
    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "Print this help and exit.")
    boolean help;

    @Mixin AugmentOptions augment = new AugmentOptions();

    @Option(
        names = "--threads",
        paramLabel = "N",
        description =
            "Worker threads; the output is the same for any. Default: the cores (here ${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(
        names = "--jpeg",
        paramLabel = "QUALITY",
        description = "Write composed images as JPEG of this quality in [0, 1]. Default: PNG.")
    @Nullable Float jpeg;

    @Option(
        names = "--progress",
        paramLabel = "auto|bar|lines",
        converter = ProgressChoice.Converter.class,
        description =
            "A bar redrawn with \\r (for a terminal) or plain lines at every tenth (for a log);"
                + " auto picks the bar when there is a console. Default: auto.")
    ProgressChoice progress = ProgressChoice.AUTO;

    @Option(
        names = "--max-pixels",
        paramLabel = "N",
        description =
            "Largest image, in declared pixels. Default: " + ImageLimits.DEFAULT_MAX_PIXELS + ".")
    @Nullable Long maxPixels;

    @Option(
        names = "--max-bytes",
        paramLabel = "N",
        description =
            "Largest image file, in bytes. Default: " + ImageLimits.DEFAULT_MAX_BYTES + ".")
    @Nullable Long maxBytes;

    ImageEncoding encoding = ImageEncoding.png();
    SequenceFormat sequence = SequenceFormat.withRefusalRate(0.0);
    GridFormat grid = GridFormat.miaDpo();
    ImageLimits limits = ImageLimits.DEFAULT;

    /** Derives the settings from the options; a value out of range is a usage error. */
    Options finish() {
      try {
        if (jpeg != null) {
          encoding = ImageEncoding.jpeg(jpeg);
        }
        sequence = SequenceFormat.withRefusalRate(augment.refusalRate());
        if (maxPixels != null) {
          limits = limits.withMaxPixels(maxPixels);
        }
        if (maxBytes != null) {
          limits = limits.withMaxBytes(maxBytes);
        }
        grid =
            GridFormat.builder()
                .tileSize(augment.tileSize())
                .margin(augment.margin())
                .label(labelFor(augment.tileSize(), augment.margin()))
                .build();
      } catch (IllegalArgumentException e) {
        throw new CommandLines.UsageException(String.valueOf(e.getMessage()));
      }
      return this;
    }
  }

  /**
   * Progress: a one-line bar redrawn with {@code \r} when the percentage changes, for a terminal;
   * or, for a log file or a pipe, a plain line at every tenth of the input and at the end, so that
   * the skip notes between them stay on lines of their own.
   */
  private static final class ProgressBar {
    private final PrintStream err;
    private final long total;
    private final boolean lines;
    private final long start = System.nanoTime();
    private long shownPercent = -1;

    ProgressBar(PrintStream err, long total, boolean lines) {
      this.err = err;
      this.total = Math.max(1, total);
      this.lines = lines;
    }

    void update(long done) {
      long percent = done * 100 / total;
      if (lines) {
        if (percent / 10 != shownPercent / 10 && percent < 100) {
          shownPercent = percent;
          double seconds = (System.nanoTime() - start) / 1e9;
          double rate = seconds > 0 ? done / seconds : 0;
          err.printf(
              Locale.ROOT,
              "%d/%d (%d%%) %.1f/s %.0fs%s%n",
              done,
              total,
              percent,
              rate,
              seconds,
              rate > 0 ? String.format(Locale.ROOT, ", %.0fs left", (total - done) / rate) : "");
        }
      } else if (percent != shownPercent) {
        shownPercent = percent;
        int filled = (int) (percent * 30 / 100);
        err.print("\r[" + "#".repeat(filled) + " ".repeat(30 - filled) + "] " + done + "/" + total);
        err.flush();
      }
    }

    void note(String line) {
      if (!lines) {
        err.print("\r");
        shownPercent = -1;
      }
      err.println(line);
    }

    void finish() {
      if (lines) {
        err.printf(
            Locale.ROOT,
            "%d/%d (100%%) %.0fs, done%n",
            total,
            total,
            (System.nanoTime() - start) / 1e9);
      } else {
        err.println();
      }
    }
  }
}
