package dev.mia.examples.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mia.core.image.ContentHash;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class SceneTest {
  private final SceneSampler sampler = SceneSampler.builder(48).build();

  @Test
  void rendering_is_deterministic() {
    for (long seed = 0; seed < 20; seed++) {
      String first = ContentHash.ofPixels(sampler.sample(seed).render());
      String second = ContentHash.ofPixels(sampler.sample(seed).render());
      assertThat(second).isEqualTo(first);
    }
    assertThat(ContentHash.ofPixels(sampler.sample(1).render()))
        .isNotEqualTo(ContentHash.ofPixels(sampler.sample(2).render()));
  }

  @Test
  void every_object_centre_has_the_object_colour() {
    for (long seed = 0; seed < 200; seed++) {
      Scene scene = sampler.sample(seed);
      BufferedImage image = scene.render();
      assertThat(scene.objects()).isNotEmpty();
      for (SceneObject o : scene.objects()) {
        assertThat(image.getRGB(o.x(), o.y()) & 0xFFFFFF).isEqualTo(o.colour().rgb());
      }
    }
  }

  @Test
  void objects_avoid_the_midlines_and_each_other() {
    for (long seed = 0; seed < 200; seed++) {
      Scene scene = sampler.sample(seed);
      List<SceneObject> objects = scene.objects();
      for (int i = 0; i < objects.size(); i++) {
        SceneObject a = objects.get(i);
        // pixel centre x + 0.5 is at least 3 px from the midline 24
        assertThat(Math.abs(2 * a.x() + 1 - 48)).isGreaterThanOrEqualTo(6);
        assertThat(Math.abs(2 * a.y() + 1 - 48)).isGreaterThanOrEqualTo(6);
        for (int j = i + 1; j < objects.size(); j++) {
          SceneObject b = objects.get(j);
          int gap = a.size().radius(48) + b.size().radius(48) + 2;
          assertThat(Math.abs(a.x() - b.x()) >= gap || Math.abs(a.y() - b.y()) >= gap).isTrue();
        }
      }
    }
  }

  @Test
  void with_cells_each_object_keeps_a_quadrant_of_its_own_away_from_the_midlines() {
    SceneSampler cells = SceneSampler.builder(32).cells(true).build();
    int[] objects = new int[5];
    for (long seed = 0; seed < 300; seed++) {
      Scene scene = cells.sample(seed);
      java.util.Set<Integer> quadrants = new java.util.HashSet<>();
      for (SceneObject o : scene.objects()) {
        int r = o.size().radius(32);
        assertThat(o.x() + r < 12 || o.x() - r >= 20).as("x %d r %d", o.x(), r).isTrue();
        assertThat(o.y() + r < 12 || o.y() - r >= 20).as("y %d r %d", o.y(), r).isTrue();
        assertThat(o.x() - r).isGreaterThanOrEqualTo(0);
        assertThat(o.x() + r).isLessThanOrEqualTo(31);
        assertThat(o.y() - r).isGreaterThanOrEqualTo(0);
        assertThat(o.y() + r).isLessThanOrEqualTo(31);
        assertThat(quadrants.add((o.x() >= 16 ? 1 : 0) + (o.y() >= 16 ? 2 : 0))).isTrue();
      }
      objects[scene.objects().size()]++;
    }
    // 1 to 4 objects, uniform, none ever left out
    assertThat(objects[0]).isZero();
    for (int n = 1; n <= 4; n++) {
      assertThat(objects[n]).as("scenes with %d objects", n).isBetween(50, 100);
    }
  }

  @Test
  void bias_makes_usual_colours_common() {
    SceneSampler unbiased = SceneSampler.builder(48).bias(0).build();
    assertThat(usualColourShare(sampler)).isGreaterThan(0.75);
    assertThat(usualColourShare(unbiased)).isLessThan(0.3);
  }

  private static double usualColourShare(SceneSampler sampler) {
    int usual = 0;
    int all = 0;
    for (long seed = 0; seed < 500; seed++) {
      for (SceneObject o : sampler.sample(seed).objects()) {
        usual += o.colour() == o.shape().usualColour() ? 1 : 0;
        all++;
      }
    }
    return (double) usual / all;
  }

  @Test
  void shapes_are_drawn_as_specified() {
    // radius 4: the circle keeps dx^2 + dy^2 <= 20, so (4, 2) is inside and (4, 3) is not
    assertThat(Shape.CIRCLE.contains(4, 2, 4)).isTrue();
    assertThat(Shape.CIRCLE.contains(4, 3, 4)).isFalse();
    assertThat(Shape.TRIANGLE.contains(0, -4, 4)).isTrue();
    assertThat(Shape.TRIANGLE.contains(1, -4, 4)).isFalse();
    assertThat(Shape.TRIANGLE.contains(4, 4, 4)).isTrue();
    assertThat(Shape.DIAMOND.contains(2, 2, 4)).isTrue();
    assertThat(Shape.DIAMOND.contains(3, 2, 4)).isFalse();
    assertThat(Shape.CROSS.contains(1, 4, 4)).isTrue();
    assertThat(Shape.CROSS.contains(2, 2, 4)).isFalse();
  }

  @Test
  void rejects_a_bias_outside_the_unit_interval() {
    assertThatThrownBy(() -> SceneSampler.builder(48).bias(1.5).build())
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("bias must be in [0, 1], but is: 1.5");
  }
}
