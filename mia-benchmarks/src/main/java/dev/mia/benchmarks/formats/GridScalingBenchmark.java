package dev.mia.benchmarks.formats;

import dev.mia.formats.GridFormat;
import dev.mia.formats.store.ImageEncoding;
import dev.mia.formats.store.ImageStore;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * How mia's grid collage (compose and JPEG-encode, as {@link GridCollageBenchmark#mia_gridCollage})
 * scales across cores: the throughput of one thread against two threads composing at the same time
 * from the same shared, read-only photos ({@link GridFormat} and {@link ImageStore} are immutable
 * and thread-safe). With two idle cores, perfect scaling doubles the collages per second.
 *
 * <p>The two methods do not pair as {@code mia_}/{@code baseline_}: the results table lists them
 * without a pair, and the ratio of their scores is the scaling factor.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class GridScalingBenchmark {
  private final GridFormat grid = GridFormat.miaDpo();
  private final ImageStore store =
      ImageStore.builder(Path.of(System.getProperty("java.io.tmpdir")))
          .encoding(ImageEncoding.jpeg(GridCollageBenchmark.QUALITY))
          .build();
  private List<BufferedImage> photos = List.of();

  /** Creates the benchmark; JMH calls it. */
  public GridScalingBenchmark() {}

  /** Decodes the nine photos. */
  @Setup
  public void setUp() {
    photos = DecodedPhotos.create();
  }

  /**
   * One thread.
   *
   * @return the JPEG's size in bytes
   */
  @Benchmark
  @Threads(1)
  public int collageThreads1() {
    return store.encode(grid.compose(photos).image()).length;
  }

  /**
   * Two threads.
   *
   * @return the JPEG's size in bytes
   */
  @Benchmark
  @Threads(2)
  public int collageThreads2() {
    return store.encode(grid.compose(photos).image()).length;
  }
}
