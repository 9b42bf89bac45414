package dev.mia.benchmarks.image;

import dev.mia.core.image.GaussianBlur;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
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
 * Gaussian blur of a 1024x768 photo-like image (VIG's "image removed" pass): {@link GaussianBlur}
 * (pure Java, {@code double} accumulation, identical on every platform) against Java2D's {@link
 * ConvolveOp} with the same separable kernel, one horizontal and one vertical pass.
 *
 * <p>To give the same result as mia (replicated edges), the baseline first pads the image by the
 * radius with its edge pixels and crops afterwards, as {@link ConvolveOp} only zero-fills or leaves
 * edges unblurred. {@link ConvolveOp} accumulates in {@code float} and may use the JDK's native
 * imaging library, so it is expected to be faster; mia pays for bit-exact reproducibility.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class GaussianBlurBenchmark {
  /** The standard deviation in pixels. */
  @Param({"3"})
  public double sigma;

  private BufferedImage photo = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
  private GaussianBlur blur = GaussianBlur.of(0);
  private int radius;
  private ConvolveOp horizontal = new ConvolveOp(new Kernel(1, 1, new float[] {1f}));
  private ConvolveOp vertical = horizontal;

  /** Creates the benchmark; JMH calls it. */
  public GaussianBlurBenchmark() {}

  /** Draws the source and builds both blurs once. */
  @Setup
  public void setUp() {
    photo = PhotoLikeImage.create(1024, 768, 7);
    blur = GaussianBlur.of(sigma);
    radius = blur.radius();
    float[] weights = new float[2 * radius + 1];
    double sum = 0;
    for (int i = -radius; i <= radius; i++) {
      sum += Math.exp(-(double) i * i / (2 * sigma * sigma));
    }
    for (int i = -radius; i <= radius; i++) {
      weights[i + radius] = (float) (Math.exp(-(double) i * i / (2 * sigma * sigma)) / sum);
    }
    horizontal =
        new ConvolveOp(new Kernel(weights.length, 1, weights), ConvolveOp.EDGE_NO_OP, null);
    vertical = new ConvolveOp(new Kernel(1, weights.length, weights), ConvolveOp.EDGE_NO_OP, null);
  }

  /**
   * mia: separable blur with replicated edges.
   *
   * @return the blurred image
   */
  @Benchmark
  public BufferedImage mia_gaussianBlur() {
    return blur.apply(photo);
  }

  /**
   * Baseline: edge padding, two {@link ConvolveOp} passes, crop.
   *
   * @return the blurred image
   */
  @Benchmark
  public BufferedImage baseline_gaussianBlur() {
    BufferedImage padded = padByReplication(photo, radius);
    BufferedImage rows = horizontal.filter(padded, null);
    BufferedImage both = vertical.filter(rows, null);
    return both.getSubimage(radius, radius, photo.getWidth(), photo.getHeight());
  }

  private static BufferedImage padByReplication(BufferedImage image, int pad) {
    int w = image.getWidth();
    int h = image.getHeight();
    int pw = w + 2 * pad;
    int[] src = image.getRGB(0, 0, w, h, null, 0, w);
    int[] out = new int[pw * (h + 2 * pad)];
    for (int y = 0; y < h + 2 * pad; y++) {
      int sy = Math.min(h - 1, Math.max(0, y - pad)) * w;
      int row = y * pw;
      for (int x = 0; x < pw; x++) {
        out[row + x] = src[sy + Math.min(w - 1, Math.max(0, x - pad))];
      }
    }
    BufferedImage padded = new BufferedImage(pw, h + 2 * pad, BufferedImage.TYPE_INT_RGB);
    padded.setRGB(0, 0, pw, h + 2 * pad, out, 0, pw);
    return padded;
  }
}
