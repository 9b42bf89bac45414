package dev.mia.benchmarks.streaming;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.mia.benchmarks.dataset.SyntheticLlava;
import dev.mia.core.data.ImageRef;
import dev.mia.core.data.MultiImageSample;
import dev.mia.core.data.SftSample;
import dev.mia.core.io.DatasetReader;
import dev.mia.core.io.JsonlWriter;
import dev.mia.core.io.MiaMultiImageCodec;
import dev.mia.core.io.RecordStream;
import dev.mia.core.io.WriteMode;
import dev.mia.formats.SequenceFormat;
import dev.mia.formats.augment.AugmentListener;
import dev.mia.formats.augment.AugmentSummary;
import dev.mia.formats.augment.CompanionPool;
import dev.mia.formats.augment.FormatMix;
import dev.mia.formats.augment.Grouping;
import dev.mia.formats.augment.ImageCheck;
import dev.mia.formats.augment.MultiImageAugmenter;
import dev.mia.formats.augment.Workspace;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The streaming benchmark of the README: converts a LLaVA-665k-sized JSON file into sequence-format
 * multi-image JSONL and reports records per second and the heap it needed. Run with a small heap
 * (the script uses {@code -Xmx64m}) to show that the conversion streams.
 *
 * <ol>
 *   <li>{@link SyntheticLlava} writes {@code records} LLaVA-style records (default 665,000, the
 *       size of LLaVA-1.5's {@code llava_v1_5_mix665k.json}; no image files) as one JSON array.
 *   <li>A first pass of {@link DatasetReader#readLlava} fills mia-formats' {@link CompanionPool}
 *       with a seeded, uniform reservoir (Vitter's algorithm R) of the single-image records' image
 *       paths (1,000 by default), so the pool's memory does not grow with the input.
 *   <li>A second pass streams the records through mia-formats' {@link MultiImageAugmenter} with its
 *       {@link SequenceFormat} only ({@link FormatMix#miaDpo()}'s 2 to 5 images, MIA-DPO's prompt
 *       {@code Image1:<image>\nImage2:<image>\n...In Image{N}, <question, first letter
 *       lower-cased>}), on all the machine's cores, without opening an image ({@link
 *       ImageCheck#NONE}: the paths name no file).
 *   <li>{@link JsonlWriter} writes the samples in mia's lossless multi-image form ({@link
 *       MiaMultiImageCodec}), in input order, committed atomically at the end.
 * </ol>
 *
 * The time covers steps 2 to 4. The heap figure is the largest heap in use right after a garbage
 * collection (from the collectors' notifications), per quarter of the records, so a flat heap shows
 * as four similar numbers.
 *
 * <h2>Memory</h2>
 *
 * Records are never held together; what grows with the input is the set of ids the reader keeps to
 * detect duplicates and the set the writer keeps to resume, a few dozen bytes per record each.
 *
 * <p>Command line: {@code java -Xmx64m -cp benchmarks.jar
 * dev.mia.benchmarks.streaming.StreamingConversion [--records N] [--seed S] [--report FILE.md]}; it
 * works in a temporary folder that it deletes, prints the Markdown report and writes it to the
 * report file if one is given.
 */
public final class StreamingConversion {
  /** The number of records in LLaVA-1.5's {@code llava_v1_5_mix665k.json}, rounded. */
  public static final int LLAVA_665K = 665_000;

  private final Path workDir;
  private final int records;
  private final long seed;
  private final int poolSize;
  private final int threads;

  private StreamingConversion(Builder builder) {
    this.workDir = builder.workDir;
    this.records = builder.records;
    this.seed = builder.seed;
    this.poolSize = builder.poolSize;
    this.threads = builder.threads;
  }

  /**
   * Starts a builder.
   *
   * @param workDir the folder for the generated input and the output; it must exist
   * @return the builder
   */
  public static Builder builder(Path workDir) {
    return new Builder(workDir);
  }

  /**
   * Returns the path of the generated input.
   *
   * @return {@code workDir/llava.json}
   */
  public Path input() {
    return workDir.resolve("llava.json");
  }

  /**
   * Returns the path of the converted output.
   *
   * @return {@code workDir/sequence.jsonl}
   */
  public Path output() {
    return workDir.resolve("sequence.jsonl");
  }

  /**
   * Generates the input, converts it and measures the conversion. The files stay in the work
   * folder.
   *
   * @return what the conversion did and needed
   * @throws UncheckedIOException if a file cannot be written or read
   */
  public ConversionReport run() {
    SyntheticLlava.withSeed(seed).write(input(), records);
    MultiImageAugmenter augmenter =
        MultiImageAugmenter.builder()
            .sequence()
            .imageCheck(ImageCheck.NONE)
            .seed(seed)
            .threads(threads)
            .build();
    AugmentSummary summary;
    long start;
    long seconds;
    HeapWatcher heap = HeapWatcher.start();
    try {
      start = System.nanoTime();
      CompanionPool pool = reservoirPool();
      try (RecordStream<SftSample> samples = DatasetReader.DEFAULT.readLlava(input());
          JsonlWriter<MultiImageSample> out =
              JsonlWriter.open(output(), MiaMultiImageCodec.INSTANCE, WriteMode.REPLACE)) {
        summary =
            augmenter.run(
                samples.stream(),
                new Workspace(workDir, pool, null),
                out::write,
                new AugmentListener() {
                  @Override
                  public void progress(long inputsDone) {
                    if ((inputsDone & 0xFFF) == 0) {
                      heap.progress(inputsDone, records);
                    }
                  }
                });
        out.commit();
      }
      seconds = System.nanoTime() - start;
    } finally {
      heap.close();
    }
    return new ConversionReport(
        summary.inputs(),
        summary.built(),
        summary.skippedCount(),
        size(input()),
        size(output()),
        seconds / 1e9,
        heap.maxAfterGcByQuarter(),
        heap.collections(),
        Runtime.getRuntime().maxMemory());
  }

  /**
   * The companion pool: a uniform reservoir (Vitter's algorithm R, seeded) of the single-image
   * records' image paths, at most {@code poolSize} of them.
   */
  private CompanionPool reservoirPool() {
    SplittableRandom random = new SplittableRandom(seed);
    List<String> reservoir = new ArrayList<>(poolSize);
    long seen = 0;
    try (RecordStream<SftSample> samples = DatasetReader.DEFAULT.readLlava(input())) {
      while (samples.hasNext()) {
        SftSample sample = samples.next();
        if (sample.images().size() != 1
            || !(sample.images().get(0) instanceof ImageRef.OnDisk file)) {
          continue;
        }
        seen++;
        if (reservoir.size() < poolSize) {
          reservoir.add(file.path());
        } else {
          long slot = random.nextLong(seen);
          if (slot < poolSize) {
            reservoir.set((int) slot, file.path());
          }
        }
      }
    }
    return CompanionPool.of(Grouping.FIRST_PATH_SEGMENT, reservoir);
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the size of " + file, e);
    }
  }

  /**
   * Runs the benchmark in a temporary folder, deleted afterwards, and prints the report.
   *
   * @param args {@code [--records N] [--seed S] [--report FILE]}
   * @throws IllegalArgumentException if an argument is unknown or lacks its value
   * @throws UncheckedIOException if a file cannot be written or read
   */
  public static void main(String[] args) {
    int records = LLAVA_665K;
    long seed = 1;
    Path report = null;
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option " + name + " needs a value");
      }
      String value = args[++i];
      switch (name) {
        case "--records" -> records = Integer.parseInt(value);
        case "--seed" -> seed = Long.parseLong(value);
        case "--report" -> report = Path.of(value);
        default ->
            throw new IllegalArgumentException(
                "unknown option " + name + "; expected --records, --seed or --report");
      }
    }
    Path dir;
    try {
      dir = Files.createTempDirectory("mia-streaming");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary folder", e);
    }
    StreamingConversion conversion = builder(dir).records(records).seed(seed).build();
    String markdown;
    try {
      markdown = conversion.run().toMarkdown();
    } finally {
      try {
        Files.deleteIfExists(conversion.input());
        Files.deleteIfExists(conversion.output());
        Files.deleteIfExists(JsonlWriter.partialFileOf(conversion.output()));
        Files.deleteIfExists(dir);
      } catch (IOException e) {
        System.err.println("could not clean up " + dir + ": " + e);
      }
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    out.print(markdown);
    if (report != null) {
      try {
        Files.writeString(report, markdown, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + report, e);
      }
    }
  }

  @Override
  public String toString() {
    return "StreamingConversion(workDir="
        + workDir
        + ", records="
        + records
        + ", seed="
        + seed
        + ", poolSize="
        + poolSize
        + ", threads="
        + threads
        + ")";
  }

  /** Builds a {@link StreamingConversion}; not thread-safe. */
  public static final class Builder {
    private final Path workDir;
    private int records = LLAVA_665K;
    private long seed = 1;
    private int poolSize = 1000;
    private int threads = Runtime.getRuntime().availableProcessors();

    private Builder(Path workDir) {
      this.workDir = requireNonNull(workDir, "workDir");
    }

    /**
     * Sets the number of records to generate. Default: {@value StreamingConversion#LLAVA_665K}.
     *
     * @param records at least 1
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder records(int records) {
      this.records = records;
      return this;
    }

    /**
     * Sets the seed of the generated text, the reservoir and the augmenter. Default: 1.
     *
     * @param seed the seed
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Sets how many image paths the companion reservoir holds. Default: 1000.
     *
     * @param poolSize at least 1
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder poolSize(int poolSize) {
      this.poolSize = poolSize;
      return this;
    }

    /**
     * Sets the augmenter's worker threads; the output is the same for any number. Default: the
     * number of available processors.
     *
     * @param threads at least 1
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    /**
     * Builds the benchmark.
     *
     * @return the benchmark
     * @throws IllegalArgumentException if {@code records} or {@code poolSize} is below 1, or the
     *     work folder is not a folder
     */
    public StreamingConversion build() {
      if (records < 1) {
        throw new IllegalArgumentException("records must be >= 1, but is: " + records);
      }
      if (poolSize < 1) {
        throw new IllegalArgumentException("poolSize must be >= 1, but is: " + poolSize);
      }
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be >= 1, but is: " + threads);
      }
      if (!Files.isDirectory(workDir)) {
        throw new IllegalArgumentException("workDir must be a folder, but is: " + workDir);
      }
      return new StreamingConversion(this);
    }
  }
}
