package dev.mia.core.model;

/** How a model picks each generated token. */
public sealed interface Decoding permits Decoding.Greedy, Decoding.Sampling {

  /** The most likely token at each step, as MIA-DPO generates its rejected answers. */
  Decoding GREEDY = new Greedy();

  /**
   * Returns sampling with a temperature and nucleus (top-p) cut.
   *
   * @param temperature the softmax temperature, greater than 0
   * @param topP the nucleus mass, in (0, 1]
   * @param seed the seed of the draws
   * @return the decoding
   */
  static Decoding sampling(double temperature, double topP, long seed) {
    return new Sampling(temperature, topP, seed);
  }

  /** The most likely token at each step (ties go to the lowest token id). */
  record Greedy() implements Decoding {}

  /**
   * Sampling from the softmax at a temperature, restricted to the smallest set of tokens whose
   * probability mass reaches {@code topP}.
   *
   * @param temperature the softmax temperature, greater than 0
   * @param topP the nucleus mass, in (0, 1]
   *     <p>In a batch, each request draws from its own generator derived from {@code seed} and the
   *     request's index, so requests do not share draws.
   * @param seed the seed of the draws; the same seed gives the same tokens
   */
  record Sampling(double temperature, double topP, long seed) implements Decoding {
    /**
     * Validates the settings.
     *
     * @param temperature the softmax temperature, greater than 0
     * @param topP the nucleus mass, in (0, 1]
     * @param seed the seed of the draws; the same seed gives the same tokens
     */
    public Sampling {
      if (!(temperature > 0) || Double.isInfinite(temperature)) {
        throw new IllegalArgumentException(
            "temperature must be finite and > 0, but is: " + temperature);
      }
      if (!(topP > 0 && topP <= 1)) {
        throw new IllegalArgumentException("topP must be in (0, 1], but is: " + topP);
      }
    }
  }
}
