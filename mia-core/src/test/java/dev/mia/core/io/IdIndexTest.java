package dev.mia.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IdIndexTest {

  @Test
  void remembers_the_first_position_of_each_id() {
    IdIndex index = new IdIndex();

    assertThat(IdIndex.isNew(index.putIfAbsent("a", 3))).isTrue();
    assertThat(IdIndex.isNew(index.putIfAbsent("b", 4))).isTrue();
    assertThat(index.putIfAbsent("a", 9)).isEqualTo(3);
    assertThat(index.contains("b")).isTrue();
    assertThat(index.contains("c")).isFalse();
    assertThat(index.size()).isEqualTo(2);
  }

  @Test
  void agrees_with_a_hash_map_over_many_ids_and_growths() {
    IdIndex index = new IdIndex();
    Map<String, Long> reference = new HashMap<>();
    SplittableRandom random = new SplittableRandom(11);
    for (long i = 0; i < 50_000; i++) {
      String id = Integer.toString(random.nextInt(30_000));
      Long expected = reference.putIfAbsent(id, i);
      long actual = index.putIfAbsent(id, i);
      if (expected == null) {
        assertThat(IdIndex.isNew(actual)).isTrue();
      } else {
        assertThat(actual).isEqualTo(expected);
      }
    }
    assertThat(index.size()).isEqualTo(reference.size());
    for (String id : reference.keySet()) {
      assertThat(index.contains(id)).isTrue();
    }
    assertThat(index.contains("30000")).isFalse();
  }

  @Test
  void a_position_of_zero_or_negative_is_kept_as_is() {
    IdIndex index = new IdIndex();
    index.putIfAbsent("x", 0);
    index.putIfAbsent("y", -7);

    assertThat(index.putIfAbsent("x", 1)).isZero();
    assertThat(index.putIfAbsent("y", 1)).isEqualTo(-7);
  }
}
