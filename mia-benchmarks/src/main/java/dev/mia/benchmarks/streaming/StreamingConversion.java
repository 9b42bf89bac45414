package dev.mia.benchmarks.streaming;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.mia.benchmarks.dataset.SyntheticLlava;
import dev.mia.core.data.MultiImageSample;
import dev.mia.core.data.SftSample;
import dev.mia.core.io.DatasetReader;
import dev.mia.core.io.JsonlWriter;
import dev.mia.core.io.MiaMultiImageCodec;
import dev.mia.core.io.RecordStream;
import dev.mia.core.io.WriteMode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The streaming benchmark of the README: converts a LLaVA-665k-sized JSON file into sequence-format
 * multi-image JSONL and reports records per second and the heap it needed. Run with a small heap
 * (the script uses {@code -Xmx64m}) to show that the conversion streams.
 *
 * <ol>
 *   <li>{@link SyntheticLlava} writes {@code records} LLaVA-style records (default 665,000, the
 *       size of LLaVA-1.5's {@code llava_v1_5_mix665k.json}; no image files) as one JSON array.
 *   <li>{@link DatasetReader#readLlava} streams them; each single-image sample becomes a sequence
 *       sample of 2 to 5 images with MIA-DPO's prompt {@code Image1:<image>\nImage2:<image>\n...In
 *       Image{N}, <question, first letter lower-cased>}, its companions drawn from a seeded,
 *       bounded reservoir of earlier samples (1,000 by default). This stands in for mia-formats'
 *       sequence builder, which this module does not depend on.
 *   <li>{@link JsonlWriter} writes them in mia's lossless multi-image form ({@link
 *       MiaMultiImageCodec}), committed atomically at the end.
 * </ol>
 *
 * The time covers steps 2 and 3. The heap figure is the largest heap in use right after a garbage
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

  private StreamingConversion(Builder builder) {
    this.workDir = builder.workDir;
    this.records = builder.records;
    this.seed = builder.seed;
    this.poolSize = builder.poolSize;
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
    SequenceConverter converter = new SequenceConverter(poolSize, 2, 5, seed);
    long read = 0;
    long converted = 0;
    long start;
    long seconds;
    HeapWatcher heap = HeapWatcher.start();
    try {
      start = System.nanoTime();
      try (RecordStream<SftSample> samples = DatasetReader.DEFAULT.readLlava(input());
          JsonlWriter<MultiImageSample> out =
              JsonlWriter.open(output(), MiaMultiImageCodec.INSTANCE, WriteMode.REPLACE)) {
        while (samples.hasNext()) {
          Optional<MultiImageSample> sample = converter.convert(samples.next());
          read++;
          if (sample.isPresent()) {
            out.write(sample.get());
            converted++;
          }
          if ((read & 0xFFF) == 0) {
            heap.progress(read, records);
          }
        }
        out.commit();
      }
      seconds = System.nanoTime() - start;
    } finally {
      heap.close();
    }
    return new ConversionReport(
        read,
        converted,
        read - converted,
        size(input()),
        size(output()),
        seconds / 1e9,
        heap.maxAfterGcByQuarter(),
        heap.collections(),
        Runtime.getRuntime().maxMemory());
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
        + ")";
  }

  /** Builds a {@link StreamingConversion}; not thread-safe. */
  public static final class Builder {
    private final Path workDir;
    private int records = LLAVA_665K;
    private long seed = 1;
    private int poolSize = 1000;

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
     * Sets the seed of the generated text and of the companions drawn. Default: 1.
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
     * Sets how many earlier samples the companion reservoir holds. Default: 1000.
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
      if (!Files.isDirectory(workDir)) {
        throw new IllegalArgumentException("workDir must be a folder, but is: " + workDir);
      }
      return new StreamingConversion(this);
    }
  }
}
