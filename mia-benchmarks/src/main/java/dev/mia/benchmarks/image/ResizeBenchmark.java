package dev.mia.benchmarks.image;

import dev.mia.core.image.ImageSize;
import dev.mia.core.image.Resize;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Shrinking a 1024x768 photo-like image to fit a square box: {@link Resize#toFit} (a one-pass
 * separable triangle filter that averages every source pixel, which avoids aliasing) against one
 * Java2D bilinear {@code drawImage} step to the same size (fast, but it skips source pixels and
 * aliases). The baseline does less work for a worse image; the ratio says what the quality costs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ResizeBenchmark {
  /** The side of the square box, in pixels; 448 is MIA-DPO's grid tile. */
  @Param({"448"})
  public int box;

  private BufferedImage photo = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
  private int width;
  private int height;

  /** Creates the benchmark; JMH calls it. */
  public ResizeBenchmark() {}

  /** Draws the 1024x768 source and computes the fitted size once. */
  @Setup
  public void setUp() {
    photo = PhotoLikeImage.create(1024, 768, 42);
    ImageSize fitted = Resize.fittedSize(new ImageSize(1024, 768), box, box);
    width = fitted.width();
    height = fitted.height();
  }

  /**
   * mia: separable averaging downscale.
   *
   * @return the resized image
   */
  @Benchmark
  public BufferedImage mia_resizeToFit() {
    return Resize.toFit(photo, box, box);
  }

  /**
   * Baseline: one bilinear Java2D step to the same size.
   *
   * @return the resized image
   */
  @Benchmark
  public BufferedImage baseline_resizeToFit() {
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(photo, 0, 0, width, height, null);
    } finally {
      g.dispose();
    }
    return out;
  }
}
