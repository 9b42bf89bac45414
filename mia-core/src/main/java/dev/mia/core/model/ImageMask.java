package dev.mia.core.model;

/**
 * Which image tokens the model may attend to. BDHS (Amirloo et al., arXiv 2407.02477, section 3)
 * hides almost every image token from attention so that the model answers from its language prior:
 * each image token is kept with probability {@code 1 - rho_th}, with {@code rho_th = 0.99}.
 */
public sealed interface ImageMask permits ImageMask.None, ImageMask.RandomKeep {

  /** Every image token is visible: the default. */
  ImageMask NONE = new None();

  /**
   * Returns a mask that keeps each image token independently with the given probability.
   *
   * @param keepProbability the probability that a token stays visible, in [0, 1]
   * @param seed the seed that draws which tokens stay
   * @return the mask
   */
  static ImageMask randomKeep(double keepProbability, long seed) {
    return new RandomKeep(keepProbability, seed);
  }

  /** Every image token is visible. */
  record None() implements ImageMask {}

  /**
   * Each image token stays visible with probability {@code keepProbability}, drawn per token from a
   * generator seeded with {@code seed}; hidden tokens receive no attention from any query. Every
   * row of a batch draws from the same seed, so a row's mask does not depend on its batch.
   *
   * @param keepProbability the probability that a token stays visible, in [0, 1]
   * @param seed the seed of the draw
   */
  record RandomKeep(double keepProbability, long seed) implements ImageMask {
    /**
     * Validates the mask.
     *
     * @param keepProbability the probability that a token stays visible, in [0, 1]
     * @param seed the seed of the draw
     */
    public RandomKeep {
      if (!(keepProbability >= 0 && keepProbability <= 1)) {
        throw new IllegalArgumentException(
            "keepProbability must be in [0, 1], but is: " + keepProbability);
      }
    }
  }
}
