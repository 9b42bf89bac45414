package dev.mia.core.image;

import java.awt.image.BufferedImage;

/**
 * Diffusion forward noise, BPO's image weakening (Pi et al., arXiv 2403.08730): {@code x_t =
 * sqrt(alphaBar_t) x_0 + sqrt(1 - alphaBar_t) eps} with {@code eps ~ N(0, 1)} per channel and the
 * schedule of {@link DiffusionSchedule#BPO}. BPO weakens at step {@value #BPO_STEP}; BDHS's noise
 * variant (arXiv 2407.02477) used step {@value #BDHS_STEP}.
 *
 * <h2>Pixel space</h2>
 *
 * BPO adds the noise to the CLIP-normalised tensor that enters the vision encoder. This class works
 * on 8-bit pixels so the weakened image can be stored, shown and fed to any model: {@code x_0 = v /
 * 127.5 - 1} maps [0, 255] to [-1, 1] (the range diffusion models are trained on), then {@code v' =
 * clamp(round((x_t + 1) * 127.5), 0, 255)}, rounded half up. The noise therefore has a standard
 * deviation of {@code 127.5 sqrt(1 - alphaBar_t)} pixel units (about 119 at step 900) and the image
 * is pulled towards mid-grey by {@code sqrt(alphaBar_t)}. CLIP's normalisation divides by a per-
 * channel std of about 0.27 of the [0, 1] range, so in BPO the same noise is relatively weaker (by
 * about 0.54x) than here; the clamping also removes values outside the pixel range.
 *
 * <h2>Determinism</h2>
 *
 * {@code eps} comes from a {@link java.util.SplittableRandom} seeded per call, through a Box-Muller
 * transform in {@link StrictMath}, consumed in row-major pixel order, red, green, then blue. The
 * same seed gives the same pixels on every machine, JDK and thread. Instances are immutable and
 * thread-safe.
 */
public final class DiffusionNoise {
  /** BPO's default step (0-based index into its 1000-step schedule). */
  public static final int BPO_STEP = 900;

  /** The step of BDHS's diffusion-noise variant. */
  public static final int BDHS_STEP = 500;

  private final DiffusionSchedule schedule;
  private final int step;
  private final double signalScale;
  private final double noiseScale;

  private DiffusionNoise(DiffusionSchedule schedule, int step) {
    schedule.checkStep(step);
    this.schedule = schedule;
    this.step = step;
    double alphaBar = schedule.alphaBar(step);
    this.signalScale = StrictMath.sqrt(alphaBar);
    this.noiseScale = StrictMath.sqrt(1.0 - alphaBar);
  }

  /**
   * Returns diffusion noise at a step of {@link DiffusionSchedule#BPO}.
   *
   * @param step the 0-based step, in {@code [0, 999]}; BPO uses {@value #BPO_STEP}
   * @return the noise operation
   * @throws IllegalArgumentException if the step is out of range
   */
  public static DiffusionNoise of(int step) {
    return new DiffusionNoise(DiffusionSchedule.BPO, step);
  }

  /**
   * Returns diffusion noise at a step of the given schedule.
   *
   * @param schedule the schedule
   * @param step the 0-based step, in {@code [0, schedule.steps() - 1]}
   * @return the noise operation
   * @throws IllegalArgumentException if the step is out of range
   */
  public static DiffusionNoise of(DiffusionSchedule schedule, int step) {
    return new DiffusionNoise(schedule, step);
  }

  /**
   * Returns the schedule.
   *
   * @return the schedule
   */
  public DiffusionSchedule schedule() {
    return schedule;
  }

  /**
   * Returns the step.
   *
   * @return the 0-based step
   */
  public int step() {
    return step;
  }

  /**
   * Returns {@code sqrt(alphaBar_t)}, the factor on the clean image in [-1, 1] units.
   *
   * @return the signal scale
   */
  public double signalScale() {
    return signalScale;
  }

  /**
   * Returns {@code sqrt(1 - alphaBar_t)}, the standard deviation of the noise in [-1, 1] units.
   *
   * @return the noise scale
   */
  public double noiseScale() {
    return noiseScale;
  }

  /**
   * Weakens an image with diffusion noise.
   *
   * @param image the image; not modified
   * @param seed the seed of {@code eps}; the same seed gives the same pixels
   * @return a new TYPE_INT_RGB image of the same size
   */
  public BufferedImage apply(BufferedImage image, long seed) {
    int w = image.getWidth();
    int h = image.getHeight();
    int[] px = Pixels.rgb(image);
    NormalSampler normal = new NormalSampler(seed);
    for (int i = 0; i < px.length; i++) {
      int p = px[i];
      int red = noisy(p >>> 16 & 0xFF, normal.next());
      int green = noisy(p >>> 8 & 0xFF, normal.next());
      int blue = noisy(p & 0xFF, normal.next());
      px[i] = red << 16 | green << 8 | blue;
    }
    return Pixels.fromRgb(w, h, px);
  }

  private int noisy(int v, double eps) {
    double x0 = v / 127.5 - 1.0;
    double xt = signalScale * x0 + noiseScale * eps;
    return Pixels.clampRound((xt + 1.0) * 127.5);
  }

  /** {@return {@code DiffusionNoise(step=.., alphaBar=.., schedule=..)}} */
  @Override
  public String toString() {
    return "DiffusionNoise(step="
        + step
        + ", alphaBar="
        + schedule.alphaBar(step)
        + ", schedule="
        + schedule
        + ")";
  }
}
