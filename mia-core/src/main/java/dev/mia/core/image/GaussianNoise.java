package dev.mia.core.image;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Additive Gaussian pixel noise: every channel of every pixel (or of every pixel in a region)
 * becomes {@code clamp(round(v + sigma * z), 0, 255)} with an independent {@code z ~ N(0, 1)},
 * rounded half up.
 *
 * <p>MIA-DPO (arXiv 2410.17637, repo Liuziyu77/MIA-DPO) corrupts the target image before it
 * generates the rejected answer: noise with {@code sigma = 225} ({@link #MIA_DPO_GRID_SIGMA}) on
 * the target's cell of a grid collage only (use {@link #inRegion} with the cell's box), and {@code
 * sigma = 49} ({@link #MIA_DPO_PIC_IN_PIC_SIGMA}) on the whole pic-in-pic image. Its pic-in-pic
 * code casts the noise to {@code uint8} before adding, which wraps negative values around; this
 * class does not reproduce that bug.
 *
 * <h2>Determinism</h2>
 *
 * The normal variates come from a {@link java.util.SplittableRandom} created from the seed for each
 * call, through a Box-Muller transform in {@link StrictMath}; they are consumed in row-major pixel
 * order over the region, red, green, then blue. The same seed gives the same pixels on every
 * machine, JDK and thread. Instances are immutable and thread-safe.
 */
public final class GaussianNoise {
  /** MIA-DPO's sigma for the target cell of a grid collage. */
  public static final double MIA_DPO_GRID_SIGMA = 225.0;

  /** MIA-DPO's sigma for a whole pic-in-pic image. */
  public static final double MIA_DPO_PIC_IN_PIC_SIGMA = 49.0;

  private final double sigma;
  private final @Nullable Rectangle region;

  private GaussianNoise(double sigma, @Nullable Rectangle region) {
    this.sigma = sigma;
    this.region = region == null ? null : new Rectangle(region);
  }

  /**
   * Returns noise with the given standard deviation over the whole image.
   *
   * @param sigma the standard deviation in 8-bit pixel units, finite and {@code >= 0}; 0 leaves the
   *     image unchanged
   * @return the noise operation
   * @throws IllegalArgumentException if {@code sigma} is NaN, infinite or negative
   */
  public static GaussianNoise of(double sigma) {
    if (!(sigma >= 0.0 && sigma < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("sigma must be finite and >= 0, but is: " + sigma);
    }
    return new GaussianNoise(sigma, null);
  }

  /**
   * Returns the same noise restricted to a region; pixels outside it are copied unchanged. The
   * region is checked against each image in {@link #apply}.
   *
   * @param region the region, non-empty; copied
   * @return a new noise operation
   * @throws IllegalArgumentException if the region is empty
   */
  public GaussianNoise inRegion(Rectangle region) {
    if (region.width < 1 || region.height < 1) {
      throw new IllegalArgumentException(
          "region must not be empty, but is: " + Pixels.describe(region));
    }
    return new GaussianNoise(sigma, region);
  }

  /**
   * Returns the standard deviation.
   *
   * @return sigma in 8-bit pixel units
   */
  public double sigma() {
    return sigma;
  }

  /**
   * Returns the region the noise is restricted to, if any.
   *
   * @return a copy of the region, or empty for the whole image
   */
  public Optional<Rectangle> region() {
    return region == null ? Optional.empty() : Optional.of(new Rectangle(region));
  }

  /**
   * Adds noise to an image.
   *
   * @param image the image; not modified
   * @param seed the seed of the noise; the same seed gives the same pixels
   * @return a new TYPE_INT_RGB image of the same size
   * @throws IllegalArgumentException if the region does not lie within the image
   */
  public BufferedImage apply(BufferedImage image, long seed) {
    int w = image.getWidth();
    int h = image.getHeight();
    Rectangle r = region == null ? new Rectangle(0, 0, w, h) : region;
    Pixels.checkRegion("region", r, w, h);
    int[] px = Pixels.rgb(image);
    if (sigma == 0.0) {
      return Pixels.fromRgb(w, h, px);
    }
    NormalSampler normal = new NormalSampler(seed);
    for (int y = r.y; y < r.y + r.height; y++) {
      for (int x = r.x; x < r.x + r.width; x++) {
        int p = px[y * w + x];
        int red = Pixels.clampRound((p >>> 16 & 0xFF) + sigma * normal.next());
        int green = Pixels.clampRound((p >>> 8 & 0xFF) + sigma * normal.next());
        int blue = Pixels.clampRound((p & 0xFF) + sigma * normal.next());
        px[y * w + x] = red << 16 | green << 8 | blue;
      }
    }
    return Pixels.fromRgb(w, h, px);
  }

  /** {@return {@code GaussianNoise(sigma=.., region=..)}, the region {@code all} if unset} */
  @Override
  public String toString() {
    return "GaussianNoise(sigma="
        + sigma
        + ", region="
        + (region == null ? "all" : Pixels.describe(region))
        + ")";
  }
}
