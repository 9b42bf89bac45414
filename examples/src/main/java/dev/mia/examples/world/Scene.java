package dev.mia.examples.world;

import static java.util.Objects.requireNonNull;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A scene: a square image size, a background and the objects on it, in painting order.
 *
 * <p>{@link #render()} draws it with integer pixel arithmetic only (no fonts, no antialiasing, no
 * floating point), so the same scene gives the same pixels on every machine.
 *
 * @param seed the seed the scene was sampled from, its identity
 * @param side the image's width and height in pixels, at least 16
 * @param background the background
 * @param objects the objects, in painting order; copied
 */
public record Scene(long seed, int side, Background background, List<SceneObject> objects) {
  /**
   * Validates the scene.
   *
   * @param seed the seed the scene was sampled from, its identity
   * @param side the image's width and height in pixels, at least 16
   * @param background the background
   * @param objects the objects, in painting order; copied
   */
  public Scene {
    if (side < 16) {
      throw new IllegalArgumentException("side must be >= 16, but is: " + side);
    }
    requireNonNull(background, "background");
    objects = List.copyOf(requireNonNull(objects, "objects"));
    for (SceneObject o : objects) {
      if (o.x() >= side || o.y() >= side) {
        throw new IllegalArgumentException(
            "object centre must lie in the image of side " + side + ", but is: " + o);
      }
    }
  }

  /**
   * Counts the objects of a shape.
   *
   * @param shape the shape
   * @return how many objects have it
   */
  public int count(Shape shape) {
    int n = 0;
    for (SceneObject o : objects) {
      if (o.shape() == shape) {
        n++;
      }
    }
    return n;
  }

  /**
   * Returns the distinct shapes present, in order of first appearance from left to right.
   *
   * @return the present shapes
   */
  public List<Shape> presentShapes() {
    List<Shape> shapes = new ArrayList<>();
    for (SceneObject o : leftToRight()) {
      if (!shapes.contains(o.shape())) {
        shapes.add(o.shape());
      }
    }
    return List.copyOf(shapes);
  }

  /**
   * Returns the objects ordered by centre column, then row.
   *
   * @return the objects from left to right
   */
  public List<SceneObject> leftToRight() {
    List<SceneObject> sorted = new ArrayList<>(objects);
    sorted.sort(Comparator.comparingInt(SceneObject::x).thenComparingInt(SceneObject::y));
    return List.copyOf(sorted);
  }

  /**
   * Renders the scene to a new RGB image: the background gradient {@code start + (end - start) * (x
   * + y) / (2 * side - 2)} per channel (integer division), plus noise drawn row by row from {@link
   * SplittableRandom} seeded with the background's noise seed and clamped to [0, 255], then each
   * object's pixels ({@link Shape#contains}) in its colour, in painting order.
   *
   * @return the image, {@code side x side}, {@link BufferedImage#TYPE_INT_RGB}
   */
  public BufferedImage render() {
    BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
    SplittableRandom noise = new SplittableRandom(background.noiseSeed());
    int a = background.noiseAmplitude();
    int span = 2 * side - 2;
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        int t = x + y;
        int rgb = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
          int s = (background.startRgb() >> shift) & 0xFF;
          int e = (background.endRgb() >> shift) & 0xFF;
          int v = s + (e - s) * t / span + noise.nextInt(2 * a + 1) - a;
          rgb |= Math.max(0, Math.min(255, v)) << shift;
        }
        image.setRGB(x, y, rgb);
      }
    }
    for (SceneObject o : objects) {
      int r = o.size().radius(side);
      for (int y = Math.max(0, o.y() - r); y <= Math.min(side - 1, o.y() + r); y++) {
        for (int x = Math.max(0, o.x() - r); x <= Math.min(side - 1, o.x() + r); x++) {
          if (o.shape().contains(x - o.x(), y - o.y(), r)) {
            image.setRGB(x, y, o.colour().rgb());
          }
        }
      }
    }
    return image;
  }
}
