package dev.mia.formats;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The target and its companions in a random order: MIA-DPO shuffles the list and names the target
 * by its position.
 *
 * @param ordered the items, shuffled
 * @param targetIndex the 0-based position of the target in {@code ordered}
 */
record Arrangement<T>(List<T> ordered, int targetIndex) {
  Arrangement {
    ordered = List.copyOf(ordered);
  }

  /**
   * Shuffles the target with its companions (Fisher-Yates, drawing {@code nextInt(i + 1)} for i
   * from the last position down to 1).
   */
  static <T> Arrangement<T> shuffle(T target, List<T> companions, RandomGenerator random) {
    List<T> items = new ArrayList<>(companions.size() + 1);
    items.add(target);
    items.addAll(companions);
    int targetAt = 0;
    for (int i = items.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      T swap = items.get(i);
      items.set(i, items.get(j));
      items.set(j, swap);
      if (targetAt == i) {
        targetAt = j;
      } else if (targetAt == j) {
        targetAt = i;
      }
    }
    return new Arrangement<>(items, targetAt);
  }
}
