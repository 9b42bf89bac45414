package dev.mia.selection.image;

import static java.util.Objects.requireNonNull;

import java.awt.image.BufferedImage;
import java.util.function.UnaryOperator;

/**
 * Weakens an image: blurs it, noises it, or otherwise removes visual information, so that a model's
 * answer can be scored or generated "without" the image while the input pipeline stays the same.
 *
 * <ul>
 *   <li>VIG (Lee and Hwang, arXiv 2602.17186) scores answers against a Gaussian-blurred copy; the
 *       paper does not publish sigma. Wiring with mia-core's {@code
 *       dev.mia.core.image.GaussianBlur} (once merged): {@code GaussianBlur blur =
 *       GaussianBlur.of(sigma); ImageTransform.of( blur.toString(), blur::apply)}.
 *   <li>BPO (Pi et al., arXiv 2403.08730) generates negatives from a diffusion-noised copy at step
 *       900 of 1000. mia-core's {@code dev.mia.core.image.DiffusionNoise} has the same {@code
 *       apply(BufferedImage, long seed)} shape, so the wiring is {@code DiffusionNoise noise =
 *       DiffusionNoise.of(900);} and an {@code ImageTransform} whose {@code name()} is {@code
 *       noise.toString()} and whose {@code apply} calls {@code noise.apply(image, seed)}.
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
