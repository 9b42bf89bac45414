package dev.mia.benchmarks.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mia.benchmarks.dataset.SyntheticLlava;
import dev.mia.core.data.SftSample;
import dev.mia.core.io.DatasetReader;
import dev.mia.core.io.RecordStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Reading a LLaVA-style JSON array of {@code records} records ({@link SyntheticLlava}): {@link
 * DatasetReader#readLlava} (streamed token by token, strict UTF-8 check, every record validated
 * into an {@link SftSample}, duplicate ids detected) against Jackson databind's {@link
 * ObjectMapper#readTree} of the whole array followed by a walk over its records.
 *
 * <p>The baseline neither validates nor builds records, but holds the whole file as a tree: heap in
 * the order of ten times the file size (hundreds of megabytes to gigabytes for LLaVA-665k's 1 GB
 * file), where mia holds one record and the ids seen so far. Each operation counts the turns read,
 * so that neither side can skip work.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LlavaReadBenchmark {
  /** The number of records in the file. */
  @Param({"5000"})
  public int records;

  private final ObjectMapper mapper = new ObjectMapper();
  private Path file = Path.of("");

  /** Creates the benchmark; JMH calls it. */
  public LlavaReadBenchmark() {}

  /**
   * Writes the file to a temporary folder.
   *
   * @throws IOException if the file cannot be created
   */
  @Setup
  public void setUp() throws IOException {
    file = Files.createTempFile("mia-llava-bench", ".json");
    SyntheticLlava.withSeed(11).write(file, records);
  }

  /**
   * Deletes the file.
   *
   * @throws IOException if it cannot be deleted
   */
  @TearDown
  public void tearDown() throws IOException {
    Files.deleteIfExists(file);
  }

  /**
   * mia: stream and validate every record.
   *
   * @return the number of turns read
   */
  @Benchmark
  public long mia_readLlava() {
    long turns = 0;
    try (RecordStream<SftSample> samples = DatasetReader.DEFAULT.readLlava(file)) {
      while (samples.hasNext()) {
        turns += samples.next().conversation().turns().size();
      }
    }
    return turns;
  }

  /**
   * Baseline: parse the whole array into a tree, then walk it.
   *
   * @return the number of turns read
   * @throws IOException if parsing fails
   */
  @Benchmark
  public long baseline_readLlava() throws IOException {
    JsonNode array = mapper.readTree(file.toFile());
    long turns = 0;
    for (JsonNode record : array) {
      turns += record.get("conversations").size();
    }
    return turns;
  }
}
