package dev.mia.benchmarks.selection;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.mia.core.data.Layout;
import dev.mia.core.model.ImageSpan;
import dev.mia.core.model.ImageSpans;
import dev.mia.selection.attention.AttentionSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * MIA-DPO's attention share of the target image in a sequence of four images of 576 tokens (24x24
 * patches, 2304 image keys of {@code keys}), from one layer's attention {@code [1, 32, 128, keys]}
 * (32 heads, 128 generated tokens) on the PyTorch engine: {@link AttentionSelector#share} (mean
 * over heads and rows on the device, only the key profile copied to the host) against copying the
 * whole attention array to a Java {@code float[]} and reducing it in plain loops.
 *
 * <p>The attention is a softmax over keys of normal draws (seed 5), so every row sums to 1. Both
 * sides skip query row 0 (MIA-DPO's {@code firstRow = 1}) and give the same share.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class AttentionShareBenchmark {
  private static final int HEADS = 32;
  private static final int ROWS = 128;
  private static final int IMAGES = 4;
  private static final int SIDE = 24;
  private static final int TARGET = 2;
  private static final int LAYER = 16;

  /** The number of key positions K: prompt text, image tokens and the answer. */
  @Param({"3000"})
  public int keys;

  private final Layout layout = new Layout.Sequence(IMAGES);
  private @Nullable NDManager manager;
  private SortedMap<Integer, NDArray> attention = new TreeMap<>();
  private ImageSpans spans = ImageSpans.NONE;

  /** Creates the benchmark; JMH calls it. */
  public AttentionShareBenchmark() {}

  /** Draws the attention once per trial and places the four images' spans. */
  @Setup(Level.Trial)
  public void setUp() {
    manager = NDManager.newBaseManager();
    Engine.getInstance().setRandomSeed(5);
    NDArray maps;
    try (NDArray normal = manager.randomNormal(new Shape(1, HEADS, ROWS, keys))) {
      maps = normal.softmax(-1);
    }
    NDArray layer = maps.squeeze(0);
    maps.close();
    attention = new TreeMap<>();
    attention.put(LAYER, layer);
    List<ImageSpan> list = new ArrayList<>();
    int start = 35;
    for (int i = 0; i < IMAGES; i++) {
      list.add(ImageSpan.square(start, SIDE));
      start += SIDE * SIDE + 10;
    }
    spans = new ImageSpans(list);
  }

  /** Frees the attention. */
  @TearDown(Level.Trial)
  public void tearDown() {
    if (manager != null) {
      manager.close();
    }
  }

  /**
   * mia: reduce on the device, then the share over the key profile.
   *
   * @return the target's share
   */
  @Benchmark
  public double mia_attentionShare() {
    return AttentionSelector.MIA_DPO.share("bench", layout, TARGET, spans, attention);
  }

  /**
   * Baseline: copy the whole attention to the host, reduce in loops.
   *
   * @return the target's share
   */
  @Benchmark
  public double baseline_attentionShare() {
    float[] all = attention.get(LAYER).toFloatArray();
    double[] profile = new double[keys];
    for (int h = 0; h < HEADS; h++) {
      for (int t = 1; t < ROWS; t++) {
        int row = (h * ROWS + t) * keys;
        for (int k = 0; k < keys; k++) {
          profile[k] += all[row + k];
        }
      }
    }
    double total = 0;
    double target = 0;
    for (int i = 0; i < spans.size(); i++) {
      ImageSpan span = spans.get(i);
      double sum = 0;
      for (int k = span.start(); k < span.end(); k++) {
        sum += profile[k];
      }
      double mean = sum / ((double) HEADS * (ROWS - 1) * span.length());
      total += mean;
      if (i == TARGET) {
        target = mean;
      }
    }
    return target / total;
  }
}
