package dev.mia.formats.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mia.core.data.ImageRef;
import dev.mia.core.data.SourceImage;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CompanionPoolTest {
  private static final List<String> PATHS =
      List.of("coco/a.jpg", "coco/b.jpg", "coco/c.jpg", "coco/d.jpg", "coco/e.jpg", "gqa/x.jpg");

  @Test
  void excluded_images_are_never_drawn_and_not_counted() {
    CompanionPool pool = CompanionPool.of(Grouping.FIRST_PATH_SEGMENT, PATHS);
    Set<String> excluded = Set.of("coco/b.jpg", "coco/d.jpg", "gqa/x.jpg");

    assertThat(pool.available("coco/a.jpg")).isEqualTo(4);
    assertThat(pool.available("coco/a.jpg", excluded)).isEqualTo(2);
    for (long seed = 0; seed < 50; seed++) {
      List<ImageRef> drawn = pool.draw("coco/a.jpg", 2, excluded, new SplittableRandom(seed));
      assertThat(drawn)
          .extracting(SourceImage::idOf)
          .containsExactlyInAnyOrder("coco/c.jpg", "coco/e.jpg");
    }
    assertThatThrownBy(() -> pool.draw("coco/a.jpg", 3, excluded, new SplittableRandom(1)))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("count must be in [0, 2] (the other images of group 'coco'), but is: 3");
  }

  @Test
  void without_exclusions_the_draw_is_uniform_over_the_others() {
    CompanionPool pool = CompanionPool.of(Grouping.FIRST_PATH_SEGMENT, PATHS);
    int[] hits = new int[5];
    for (long seed = 0; seed < 4000; seed++) {
      for (ImageRef ref : pool.draw("coco/c.jpg", 1, new SplittableRandom(seed))) {
        hits[PATHS.indexOf(((ImageRef.OnDisk) ref).path())]++;
      }
    }
    assertThat(hits[2]).isZero();
    for (int i : new int[] {0, 1, 3, 4}) {
      assertThat(hits[i]).isBetween(900, 1100);
    }
  }

  @Test
  void holds_in_memory_images_and_gives_them_back() {
    CompanionPool.Builder builder = CompanionPool.builder(Grouping.WHOLE_POOL);
    List<ImageRef.InMemory> images = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      BufferedImage image = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
      image.setRGB(0, 0, i + 1);
      images.add(ImageRef.InMemory.of(image));
      builder.add(images.get(i));
    }
    builder.add(images.get(0));
    CompanionPool pool = builder.build();

    assertThat(pool.size()).isEqualTo(3);
    List<ImageRef> drawn = pool.draw(SourceImage.idOf(images.get(1)), 2, new SplittableRandom(7));
    assertThat(drawn).containsExactlyInAnyOrder(images.get(0), images.get(2));
    assertThat(drawn.get(0)).isInstanceOf(ImageRef.InMemory.class);
  }
}
