package dev.mia.examples.world;

/**
 * A scene's background: a diagonal gradient between two dark colours with uniform integer noise.
 *
 * @param startRgb the {@code 0xRRGGBB} colour at the top left corner
 * @param endRgb the {@code 0xRRGGBB} colour at the bottom right corner
 * @param noiseAmplitude the noise added to each channel is uniform in {@code [-a, a]}; at least 0
 * @param noiseSeed the seed of the noise
 */
public record Background(int startRgb, int endRgb, int noiseAmplitude, long noiseSeed) {
  /**
   * Validates the background.
   *
   * @param startRgb the {@code 0xRRGGBB} colour at the top left corner
   * @param endRgb the {@code 0xRRGGBB} colour at the bottom right corner
   * @param noiseAmplitude the noise added to each channel is uniform in {@code [-a, a]}; at least 0
   * @param noiseSeed the seed of the noise
   */
  public Background {
    if (noiseAmplitude < 0 || noiseAmplitude > 64) {
      throw new IllegalArgumentException(
          "noiseAmplitude must be in [0, 64], but is: " + noiseAmplitude);
    }
    if ((startRgb & ~0xFFFFFF) != 0 || (endRgb & ~0xFFFFFF) != 0) {
      throw new IllegalArgumentException(
          "colours must be 0xRRGGBB, but are: "
              + Integer.toHexString(startRgb)
              + " and "
              + Integer.toHexString(endRgb));
    }
  }
}
