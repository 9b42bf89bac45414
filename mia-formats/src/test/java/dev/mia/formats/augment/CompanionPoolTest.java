package dev.mia.formats.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mia.core.data.ImageRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class CompanionPoolTest {

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

    List<ImageRef.OnDisk> all = pool.draw(target, 2999, new SplittableRandom(3));

    TreeSet<String> drawn = new TreeSet<>();
    all.forEach(ref -> drawn.add(ref.path()));
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
