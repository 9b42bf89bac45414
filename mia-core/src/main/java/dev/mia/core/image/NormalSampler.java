package dev.mia.core.image;

import java.util.SplittableRandom;

/**
 * Standard normal variates from a seeded {@link SplittableRandom} by the Box-Muller transform,
 * computed with {@link StrictMath} so the sequence for a seed is fixed by the Java specification,
 * not by the JDK's {@code nextGaussian} implementation (which changed in Java 17) or the CPU.
 *
 * <p>Each pair of uniforms {@code u1, u2} gives {@code sqrt(-2 ln(1 - u1)) cos(2 pi u2)} and then
 * {@code sqrt(-2 ln(1 - u1)) sin(2 pi u2)}. Not thread-safe: one sampler per call.
 */
final class NormalSampler {
  private final SplittableRandom random;
  private double spare;
  private boolean hasSpare;

  NormalSampler(long seed) {
    this.random = new SplittableRandom(seed);
  }

  double next() {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    double r = StrictMath.sqrt(-2.0 * StrictMath.log(1.0 - random.nextDouble()));
    double theta = 2.0 * StrictMath.PI * random.nextDouble();
    spare = r * StrictMath.sin(theta);
    hasSpare = true;
    return r * StrictMath.cos(theta);
  }
}
