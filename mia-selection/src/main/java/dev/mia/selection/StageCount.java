package dev.mia.selection;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How many candidates one stage saw, kept and dropped, and why it dropped them.
 *
 * @param stage the stage's name
 * @param seen how many candidates reached the stage
 * @param kept how many it passed on
 * @param dropped how many it dropped; {@code seen = kept + dropped}
 * @param dropReasons per reason key, how many were dropped for it; copied, sorted
 */
public record StageCount(
    String stage, long seen, long kept, long dropped, SortedMap<String, Long> dropReasons) {
  /**
   * Validates the counts.
   *
   * @param stage the stage's name
   * @param seen how many candidates reached the stage
   * @param kept how many it passed on
   * @param dropped how many it dropped; {@code seen = kept + dropped}
   * @param dropReasons per reason key, how many were dropped for it; copied, sorted
   */
  public StageCount {
    requireNonNull(stage, "stage");
    dropReasons =
        Collections.unmodifiableSortedMap(new TreeMap<>(requireNonNull(dropReasons, "reasons")));
    if (kept < 0 || dropped < 0 || seen != kept + dropped) {
      throw new IllegalArgumentException(
          "counts must be >= 0 with seen = kept + dropped, but are: seen "
              + seen
              + ", kept "
              + kept
              + ", dropped "
              + dropped);
    }
  }
}
