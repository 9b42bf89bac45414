package dev.mia.formats.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mia.core.data.ImageRef;
import dev.mia.core.data.SourceImage;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
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
    // Ids of other groups (or none) never remove an image of this group.
    assertThat(pool.available("coco/a.jpg", Set.of("gqa/x.jpg", "gqa/b.jpg", "coco", "b.jpg")))
        .isEqualTo(4);
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

  @Test
  void deduplicates_and_groups_paths_whatever_the_order_they_were_added_in() {
    List<String> paths = List.of("coco/b.jpg", "gqa/x.jpg", "coco/a.jpg", "coco/b.jpg", "top.jpg");
    CompanionPool forward = CompanionPool.of(Grouping.FIRST_PATH_SEGMENT, paths);
    List<String> reversed = new ArrayList<>(paths);
    Collections.reverse(reversed);
    CompanionPool backward = CompanionPool.of(Grouping.FIRST_PATH_SEGMENT, reversed);

    assertThat(forward.size()).isEqualTo(4);
    assertThat(forward.toString())
        .isEqualTo("CompanionPool[grouping=FIRST_PATH_SEGMENT, groups={=1, coco=2, gqa=1}]");
    assertThat(forward.available("coco/a.jpg")).isEqualTo(1);
    assertThat(forward.available("coco/new.jpg")).isEqualTo(2);
    assertThat(forward.available("none/x.jpg")).isZero();
    for (long seed = 0; seed < 5; seed++) {
      assertThat(forward.draw("coco/new.jpg", 2, new SplittableRandom(seed)))
          .isEqualTo(backward.draw("coco/new.jpg", 2, new SplittableRandom(seed)));
    }
  }

  @Test
  void draws_every_other_image_of_the_group_never_the_target() {
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      // Non-ASCII and long names, spread over several 256 KiB chunks of the packed table.
      paths.add("vg/" + "é".repeat(200) + i + ".jpg");
    }
    CompanionPool pool = CompanionPool.of(Grouping.FIRST_PATH_SEGMENT, paths);
    String target = paths.get(1234);

    List<ImageRef> all = pool.draw(target, 2999, new SplittableRandom(3));

    TreeSet<String> drawn = new TreeSet<>();
    all.forEach(ref -> drawn.add(SourceImage.idOf(ref)));
    TreeSet<String> expected = new TreeSet<>(paths);
    expected.remove(target);
    assertThat(drawn).isEqualTo(expected);
  }

  @Test
  void rejects_a_blank_path_and_a_count_over_the_group() {
    assertThatThrownBy(() -> CompanionPool.builder(Grouping.WHOLE_POOL).add(" "))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("path must not be blank");
    CompanionPool pool = CompanionPool.of(Grouping.WHOLE_POOL, List.of("a.jpg", "b.jpg"));
    assertThatThrownBy(() -> pool.draw("a.jpg", 2, new SplittableRandom(1)))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("count must be in [0, 1] (the other images of group ''), but is: 2");
  }
}
