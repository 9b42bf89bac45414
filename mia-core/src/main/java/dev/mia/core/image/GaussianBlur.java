package dev.mia.core.image;

import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * Gaussian blur with standard deviation {@code sigma} in pixels: the "image removed" pass of VIG
 * (Lee &amp; Hwang, arXiv 2602.17186) scores an answer against a blurred image. The paper does not
 * publish its sigma, so it is a parameter.
 *
 * <h2>Definition</h2>
 *
 * A separable convolution with the sampled, normalised kernel {@code k(i) = exp(-i^2 / (2 sigma^2))
 * / sum_j exp(-j^2 / (2 sigma^2))} for {@code i, j} in {@code [-r, r]}, radius {@code r = ceil(3
 * sigma)}; first along rows, then along columns, each channel separately. Pixels beyond the border
 * repeat the edge pixel (clamp, replicate padding). The horizontal pass keeps {@code double}s; the
 * result is rounded half up and clamped to [0, 255]. {@code sigma = 0} returns a copy. Arithmetic
 * is pure Java ({@link StrictMath}), so the result is identical on every platform.
 *
 * <h2>Cost</h2>
 *
 * {@code O(width * height * (2r + 1))} multiply-adds per pass and channel, two passes, three
 * channels. Temporary memory: one {@code double} plane of the image's size plus two rows.
 */
public final class GaussianBlur {
  /** The largest accepted sigma; a kernel beyond it would be far wider than any image. */
  public static final double MAX_SIGMA = 10_000.0;

  private final double sigma;
  private final int radius;
  private final double[] kernel;

  private GaussianBlur(double sigma) {
    this.sigma = sigma;
    this.radius = (int) StrictMath.ceil(3.0 * sigma);
    this.kernel = kernel(sigma, radius);
  }

  /**
   * Returns a blur with the given standard deviation.
   *
   * @param sigma the standard deviation in pixels, in {@code [0, 10000]}; 0 means no blur
   * @return the blur
   * @throws IllegalArgumentException if {@code sigma} is NaN, negative or above {@value #MAX_SIGMA}
   */
  public static GaussianBlur of(double sigma) {
    if (!(sigma >= 0.0 && sigma <= MAX_SIGMA)) {
      throw new IllegalArgumentException(
          "sigma must be in [0, " + MAX_SIGMA + "], but is: " + sigma);
    }
    return new GaussianBlur(sigma);
  }

  /**
   * Returns the standard deviation.
   *
   * @return sigma in pixels
   */
  public double sigma() {
    return sigma;
  }

  /**
   * Returns the kernel radius {@code ceil(3 sigma)}.
   *
   * @return the radius in pixels; 0 when sigma is 0
   */
  public int radius() {
    return radius;
  }

  /**
   * Blurs an image.
   *
   * @param image the image; not modified
   * @return a new, blurred TYPE_INT_RGB image of the same size
   */
  public BufferedImage apply(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    int[] src = Pixels.rgb(image);
    if (radius == 0) {
      return Pixels.fromRgb(w, h, src);
    }
    int[] out = new int[w * h];
    double[] plane = new double[w * h];
    double[] padded = new double[w + 2 * radius];
    double[] column = new double[w];
    for (int shift = 16; shift >= 0; shift -= 8) {
      // Rows: pad each row by repeating its edge pixels, then convolve.
      for (int y = 0; y < h; y++) {
        int row = y * w;
        for (int i = 0; i < w + 2 * radius; i++) {
          int x = Math.min(w - 1, Math.max(0, i - radius));
          padded[i] = src[row + x] >>> shift & 0xFF;
        }
        for (int x = 0; x < w; x++) {
          plane[row + x] = convolve(padded, x);
        }
      }
      // Columns of the row-blurred plane, accumulated a whole row at a time (cache-friendly);
      // per pixel the sum runs over the kernel in the same order as along rows.
      for (int y = 0; y < h; y++) {
        Arrays.fill(column, 0.0);
        for (int k = 0; k < kernel.length; k++) {
          int base = Math.min(h - 1, Math.max(0, y + k - radius)) * w;
          double weight = kernel[k];
          for (int x = 0; x < w; x++) {
            column[x] += weight * plane[base + x];
          }
        }
        for (int x = 0; x < w; x++) {
          out[y * w + x] |= Pixels.clampRound(column[x]) << shift;
        }
      }
    }
    return Pixels.fromRgb(w, h, out);
  }

  private double convolve(double[] padded, int centre) {
    double sum = 0.0;
    for (int k = 0; k < kernel.length; k++) {
      sum += kernel[k] * padded[centre + k];
    }
    return sum;
  }

  private static double[] kernel(double sigma, int radius) {
    double[] k = new double[2 * radius + 1];
    if (radius == 0) {
      k[0] = 1.0;
      return k;
    }
    double sum = 0.0;
    for (int i = -radius; i <= radius; i++) {
      // exp(0) = 1 at the centre, written out so that a subnormal sigma (2 sigma^2 = 0) gives
      // the identity kernel instead of 0/0.
      k[i + radius] = i == 0 ? 1.0 : StrictMath.exp(-(double) i * i / (2.0 * sigma * sigma));
      sum += k[i + radius];
    }
    for (int i = 0; i < k.length; i++) {
      k[i] /= sum;
    }
    return k;
  }

  /** {@return {@code GaussianBlur(sigma=.., radius=..)}} */
  @Override
  public String toString() {
    return "GaussianBlur(sigma=" + sigma + ", radius=" + radius + ")";
  }
}
