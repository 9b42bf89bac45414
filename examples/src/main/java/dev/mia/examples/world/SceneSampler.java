package dev.mia.examples.world;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * Samples scenes from a seed, with a deliberate co-occurrence bias.
 *
 * <p>A scene has 1 to {@code maxObjects} objects (uniform). The first object's shape is uniform;
 * each later one is, with probability {@code bias}, the {@link Shape#companion() companion} of the
 * previous object's shape, else uniform. Each object's colour is, with probability {@code bias},
 * its shape's {@link Shape#usualColour() usual colour}, else uniform over all colours; its size is
 * uniform. Centres are uniform over the positions that keep the object inside the image and at
 * least 3 pixels away from both midlines (so left/right and top/bottom are never ambiguous), and
 * objects keep a gap of at least 2 pixels between their bounding squares; an object that finds no
 * place in 64 tries is left out. The background is a gradient between two random dark colours
 * (channels in [10, 110]) with noise of the configured amplitude.
 *
 * <p>With {@link Builder#cells(boolean) cells}, the image is split into its four quadrants and each
 * object takes a quadrant of its own (drawn without replacement), its centre uniform over the
 * positions that keep it inside the image and its pixels at least 4 pixels away from both midlines:
 * a layout a model with one token per quadrant can read exactly (a 7-pixel receptive field never
 * sees an object from the next quadrant), and at most four objects.
 *
 * <p>Instances are immutable and thread-safe; {@link #sample(long)} depends on the seed only.
 */
public final class SceneSampler {
  private static final int MIDLINE_GAP = 3;
  private static final int OBJECT_GAP = 2;
  private static final int TRIES = 64;
  private static final int QUADRANT_MARGIN = 4;

  private final int side;
  private final int maxObjects;
  private final double bias;
  private final int noiseAmplitude;
  private final boolean cells;

  private SceneSampler(Builder builder) {
    this.cells = builder.cells;
    this.side = builder.side;
    this.maxObjects = builder.maxObjects;
    this.bias = builder.bias;
    this.noiseAmplitude = builder.noiseAmplitude;
  }

  /**
   * Starts a builder.
   *
   * @param side the image side in pixels, at least 32
   * @return a builder with the defaults
   * @throws IllegalArgumentException if the side is below 32
   */
  public static Builder builder(int side) {
    return new Builder(side);
  }

  /**
   * Returns the image side.
   *
   * @return the side in pixels
   */
  public int side() {
    return side;
  }

  /**
   * Samples a scene.
   *
   * @param seed the scene's seed
   * @return the scene; the same seed gives the same scene
   */
  public Scene sample(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Background background =
        new Background(darkColour(random), darkColour(random), noiseAmplitude, random.nextLong());
    int wanted = 1 + random.nextInt(maxObjects);
    Shape[] shapes = Shape.values();
    Colour[] colours = Colour.values();
    Size[] sizes = Size.values();
    List<SceneObject> objects = new ArrayList<>();
    int[] quadrants = {0, 1, 2, 3};
    for (int i = quadrants.length - 1; cells && i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = quadrants[i];
      quadrants[i] = quadrants[j];
      quadrants[j] = swap;
    }
    @Nullable Shape previous = null;
    for (int i = 0; i < wanted; i++) {
      Shape shape =
          previous != null && random.nextDouble() < bias
              ? previous.companion()
              : shapes[random.nextInt(shapes.length)];
      Colour colour =
          random.nextDouble() < bias
              ? shape.usualColour()
              : colours[random.nextInt(colours.length)];
      Size size = sizes[random.nextInt(sizes.length)];
      SceneObject placed =
          cells
              ? placeInQuadrant(shape, colour, size, quadrants[i], random)
              : place(shape, colour, size, objects, random);
      if (placed != null) {
        objects.add(placed);
        previous = shape;
      }
    }
    return new Scene(seed, side, background, objects);
  }

  private @Nullable SceneObject place(
      Shape shape, Colour colour, Size size, List<SceneObject> placed, SplittableRandom random) {
    int r = size.radius(side);
    for (int t = 0; t < TRIES; t++) {
      int x = r + random.nextInt(side - 2 * r);
      int y = r + random.nextInt(side - 2 * r);
      if (nearMidline(x) || nearMidline(y)) {
        continue;
      }
      boolean free = true;
      for (SceneObject o : placed) {
        int gap = r + o.size().radius(side) + OBJECT_GAP;
        if (Math.abs(o.x() - x) < gap && Math.abs(o.y() - y) < gap) {
          free = false;
          break;
        }
      }
      if (free) {
        return new SceneObject(shape, colour, size, x, y);
      }
    }
    return null;
  }

  private SceneObject placeInQuadrant(
      Shape shape, Colour colour, Size size, int quadrant, SplittableRandom random) {
    int r = size.radius(side);
    return new SceneObject(
        shape,
        colour,
        size,
        inHalf(quadrant % 2 == 1, r, random),
        inHalf(quadrant / 2 == 1, r, random));
  }

  /**
   * A centre coordinate in one half of the image: the object's pixels stay at least {@code
   * QUADRANT_MARGIN} pixels away from the midline, so that a small receptive field on the other
   * side does not see it.
   */
  private int inHalf(boolean far, int r, SplittableRandom random) {
    int half = side / 2;
    int low = far ? half + r + QUADRANT_MARGIN : r;
    int high = far ? side - r - 1 : half - r - QUADRANT_MARGIN - 1;
    return low + random.nextInt(high - low + 1);
  }

  private boolean nearMidline(int coordinate) {
    // pixel centre at coordinate + 0.5, midline at side / 2: distance |2c + 1 - side| / 2
    return Math.abs(2 * coordinate + 1 - side) < 2 * MIDLINE_GAP;
  }

  private static int darkColour(SplittableRandom random) {
    int rgb = 0;
    for (int i = 0; i < 3; i++) {
      rgb = (rgb << 8) | (10 + random.nextInt(101));
    }
    return rgb;
  }

  @Override
  public String toString() {
    return "SceneSampler[side="
        + side
        + ", maxObjects="
        + maxObjects
        + ", bias="
        + bias
        + ", noiseAmplitude="
        + noiseAmplitude
        + (cells ? ", cells" : "")
        + "]";
  }

  /** Builds a {@link SceneSampler}. */
  public static final class Builder {
    private final int side;
    private int maxObjects = 4;
    private double bias = 0.8;
    private int noiseAmplitude = 12;
    private boolean cells;

    private Builder(int side) {
      if (side < 32) {
        throw new IllegalArgumentException("side must be >= 32, but is: " + side);
      }
      this.side = side;
    }

    /**
     * Sets the most objects per scene. Default: 4.
     *
     * @param maxObjects the maximum, in [1, 6]
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder maxObjects(int maxObjects) {
      this.maxObjects = maxObjects;
      return this;
    }

    /**
     * Sets the strength of the co-occurrence and colour bias. Default: 0.8; 0 gives unbiased
     * scenes.
     *
     * @param bias the probability of the companion shape and of the usual colour, in [0, 1]
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder bias(double bias) {
      this.bias = bias;
      return this;
    }

    /**
     * Sets the background noise amplitude. Default: 12.
     *
     * @param noiseAmplitude the amplitude per channel, in [0, 64]
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder noiseAmplitude(int noiseAmplitude) {
      this.noiseAmplitude = noiseAmplitude;
      return this;
    }

    /**
     * Places each object in a quadrant of its own. Default: false (centres anywhere, as long as
     * objects keep their gap).
     *
     * @param cells whether objects take one quadrant each; then at most 4 objects
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder cells(boolean cells) {
      this.cells = cells;
      return this;
    }

    /**
     * Builds the sampler.
     *
     * @return the sampler
     * @throws IllegalArgumentException if a setting is out of range
     */
    public SceneSampler build() {
      if (maxObjects < 1 || maxObjects > 6) {
        throw new IllegalArgumentException("maxObjects must be in [1, 6], but is: " + maxObjects);
      }
      if (cells && maxObjects > 4) {
        throw new IllegalArgumentException(
            "maxObjects must be <= 4 with cells (one object per quadrant), but is: " + maxObjects);
      }
      if (!(bias >= 0 && bias <= 1)) {
        throw new IllegalArgumentException("bias must be in [0, 1], but is: " + bias);
      }
      if (noiseAmplitude < 0 || noiseAmplitude > 64) {
        throw new IllegalArgumentException(
            "noiseAmplitude must be in [0, 64], but is: " + noiseAmplitude);
      }
      return new SceneSampler(this);
    }
  }
}
