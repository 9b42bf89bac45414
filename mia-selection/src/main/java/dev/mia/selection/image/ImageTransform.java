package dev.mia.selection.image;

import static java.util.Objects.requireNonNull;

import dev.mia.core.image.DiffusionNoise;
import dev.mia.core.image.GaussianBlur;
import java.awt.image.BufferedImage;
import java.util.function.UnaryOperator;

/**
 * Weakens an image: blurs it, noises it, or otherwise removes visual information, so that a model's
 * answer can be scored or generated "without" the image while the input pipeline stays the same.
 *
 * <ul>
 *   <li>VIG (Lee and Hwang, arXiv 2602.17186) scores answers against a Gaussian-blurred copy; the
 *       paper does not publish sigma: {@link #gaussianBlur(double)}.
 *   <li>BPO (Pi et al., arXiv 2403.08730) generates negatives from a diffusion-noised copy at step
 *       900 of 1000: {@link #diffusionNoise(int)}.
 * </ul>
 *
 * <p>Implementations never modify their input, are thread-safe and deterministic: the same image
 * and seed give the same pixels.
 */
public interface ImageTransform {

  /**
   * Returns a name with every setting, written to provenance, e.g. {@code
   * gaussian-blur(sigma=3.0)}.
   *
   * @return the name
   */
  String name();

  /**
   * Returns a weakened copy of an image.
   *
   * @param image the image; not modified
   * @param seed the seed of any randomness (ignored by deterministic transforms such as a blur)
   * @return a new image
   */
  BufferedImage apply(BufferedImage image, long seed);

  /**
   * Returns a Gaussian blur with mia-core's {@link GaussianBlur} (separable, radius {@code ceil(3
   * sigma)}, edges replicated), named {@code gaussian-blur(sigma=...)}.
   *
   * @param sigma the standard deviation in pixels, at least 0
   * @return the transform
   */
  static ImageTransform gaussianBlur(double sigma) {
    GaussianBlur blur = GaussianBlur.of(sigma);
    return of("gaussian-blur(sigma=" + sigma + ")", blur::apply);
  }

  /**
   * Returns diffusion forward noise with BPO's schedule ({@link DiffusionNoise}), seeded per call,
   * named {@code diffusion-noise(step=...)}. BPO uses step {@link DiffusionNoise#BPO_STEP} (900);
   * BDHS's noise variant {@link DiffusionNoise#BDHS_STEP} (500).
   *
   * @param step the 0-based diffusion step, in [0, 999]
   * @return the transform
   */
  static ImageTransform diffusionNoise(int step) {
    DiffusionNoise noise = DiffusionNoise.of(step);
    String name = "diffusion-noise(step=" + step + ")";
    return new ImageTransform() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public BufferedImage apply(BufferedImage image, long seed) {
        return noise.apply(image, seed);
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }

  /**
   * Wraps a deterministic operation.
   *
   * @param name the name, with every setting
   * @param operation the operation; must not modify its input
   * @return the transform
   */
  static ImageTransform of(String name, UnaryOperator<BufferedImage> operation) {
    requireNonNull(name, "name");
    requireNonNull(operation, "operation");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
    return new ImageTransform() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public BufferedImage apply(BufferedImage image, long seed) {
        return operation.apply(image);
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }
}
