package dev.mia.core.image;

/**
 * Separable resampling of packed {@code 0xRRGGBB} pixels in pure Java integer arithmetic, the
 * implementation behind {@link Resize}: one pass per side that changes, vertical first, on each
 * colour channel separately.
 *
 * <p>Output pixel {@code i} of a side going from {@code s} to {@code t} pixels has its centre at
 * {@code c = (i + 0.5) s / t} in source coordinates. A shrinking side ({@code t < s}) weights the
 * source pixels {@code j} by the triangle {@code max(0, 1 - |j + 0.5 - c| t / s)}, a tent as wide
 * as two output pixels, so every source pixel contributes (an averaging, anti-aliased downscale; as
 * PIL's {@code BILINEAR} reduction). A growing side uses Keys' cubic ({@code a = -0.5}, support 2).
 * Taps outside the source are dropped and the rest normalised. Weights are rounded to 14-bit fixed
 * point and corrected to sum to exactly {@code 2^14}, so a flat colour stays exactly that colour;
 * each pass rounds half up and clamps to [0, 255]. The weights are computed once per side with
 * Java's IEEE {@code double} arithmetic and the passes are integer-only, so the pixels are the same
 * on every machine and thread.
 */
final class Resampler {
  private static final int BITS = 14;
  private static final int ONE = 1 << BITS;
  private static final int HALF = 1 << (BITS - 1);

  private Resampler() {}

  /**
   * Resamples {@code w x h} pixels to {@code width x height}, at least one side changing; returns a
   * new array. Reads only the low 24 bits of {@code src}, which it does not modify.
   */
  static int[] resample(int[] src, int w, int h, int width, int height) {
    Weights across = width != w ? Weights.of(w, width) : null;
    Weights down = height != h ? Weights.of(h, height) : null;
    int[][] planes = new int[3][w * h];
    int[] r = planes[0];
    int[] g = planes[1];
    int[] b = planes[2];
    for (int i = 0; i < w * h; i++) {
      int p = src[i];
      r[i] = p >>> 16 & 0xFF;
      g[i] = p >>> 8 & 0xFF;
      b[i] = p & 0xFF;
    }
    // Columns first, one channel at a time: the vertical pass streams whole rows, and the costlier
    // horizontal pass then has only the new number of rows to do, all three channels per tap.
    if (down != null) {
      for (int c = 0; c < 3; c++) {
        planes[c] = vertical(planes[c], w, down);
      }
    }
    if (across != null) {
      return horizontal(planes, w, height, across);
    }
    int[] out = new int[width * height];
    r = planes[0];
    g = planes[1];
    b = planes[2];
    for (int i = 0; i < out.length; i++) {
      out[i] = r[i] << 16 | g[i] << 8 | b[i];
    }
    return out;
  }

  /** The three channel planes, each row resampled to {@code k.start.length} packed pixels. */
  private static int[] horizontal(int[][] planes, int w, int h, Weights k) {
    int width = k.start.length;
    int[] r = planes[0];
    int[] g = planes[1];
    int[] b = planes[2];
    int[] start = k.start;
    int[] count = k.count;
    int[] weight = k.weight;
    int stride = k.stride;
    int[] out = new int[width * h];
    for (int y = 0; y < h; y++) {
      int row = y * w;
      int at = y * width;
      for (int x = 0; x < width; x++) {
        int from = row + start[x];
        int base = x * stride;
        int n = count[x];
        int sr = HALF;
        int sg = HALF;
        int sb = HALF;
        for (int t = 0; t < n; t++) {
          int c = weight[base + t];
          sr += r[from + t] * c;
          sg += g[from + t] * c;
          sb += b[from + t] * c;
        }
        out[at + x] = clamp(sr >> BITS) << 16 | clamp(sg >> BITS) << 8 | clamp(sb >> BITS);
      }
    }
    return out;
  }

  /** One channel, each column resampled to {@code k.start.length} values in [0, 255]. */
  private static int[] vertical(int[] src, int w, Weights k) {
    int height = k.start.length;
    int[] out = new int[w * height];
    int[] sum = new int[w];
    for (int y = 0; y < height; y++) {
      java.util.Arrays.fill(sum, HALF);
      int n = k.count[y];
      int base = y * k.stride;
      for (int t = 0; t < n; t++) {
        int c = k.weight[base + t];
        int row = (k.start[y] + t) * w;
        for (int x = 0; x < w; x++) {
          sum[x] += src[row + x] * c;
        }
      }
      int at = y * w;
      for (int x = 0; x < w; x++) {
        out[at + x] = clamp(sum[x] >> BITS);
      }
    }
    return out;
  }

  private static int clamp(int v) {
    return v < 0 ? 0 : Math.min(v, 255);
  }

  /** Fixed-point taps of one side: output {@code i} reads {@code count[i]} pixels from start. */
  private static final class Weights {
    final int[] start;
    final int[] count;
    final int[] weight;
    final int stride;

    private Weights(int[] start, int[] count, int[] weight, int stride) {
      this.start = start;
      this.count = count;
      this.weight = weight;
      this.stride = stride;
    }

    static Weights of(int in, int out) {
      double scale = (double) in / out;
      boolean shrink = out < in;
      double filterScale = shrink ? scale : 1.0;
      double support = (shrink ? 1.0 : 2.0) * filterScale;
      int stride = (int) Math.ceil(support) * 2 + 1;
      int[] start = new int[out];
      int[] count = new int[out];
      int[] weight = new int[out * stride];
      double[] k = new double[stride];
      for (int i = 0; i < out; i++) {
        double centre = (i + 0.5) * scale;
        int lo = Math.max(0, (int) Math.floor(centre - support + 0.5));
        int hi = Math.min(in, (int) Math.floor(centre + support + 0.5));
        int n = Math.min(stride, hi - lo);
        // The source pixel nearest the centre has |d| <= 0.5 and a positive weight, so sum > 0.
        double sum = 0;
        for (int t = 0; t < n; t++) {
          double d = (lo + t + 0.5 - centre) / filterScale;
          k[t] = shrink ? triangle(d) : cubic(d);
          sum += k[t];
        }
        int total = 0;
        int largest = 0;
        for (int t = 0; t < n; t++) {
          int c = (int) Math.round(k[t] / sum * ONE);
          weight[i * stride + t] = c;
          total += c;
          if (c > weight[i * stride + largest]) {
            largest = t;
          }
        }
        weight[i * stride + largest] += ONE - total;
        start[i] = lo;
        count[i] = n;
      }
      return new Weights(start, count, weight, stride);
    }

    private static double triangle(double x) {
      double a = Math.abs(x);
      return a < 1 ? 1 - a : 0;
    }

    private static double cubic(double x) {
      double a = Math.abs(x);
      if (a < 1) {
        return (1.5 * a - 2.5) * a * a + 1;
      }
      if (a < 2) {
        return ((-0.5 * a + 2.5) * a - 4) * a + 2;
      }
      return 0;
    }
  }
}
