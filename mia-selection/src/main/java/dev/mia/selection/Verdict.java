package dev.mia.selection;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a selector or filter decided about one candidate, with the numbers it based that on.
 *
 * <p>A {@link Drop} carries a stable {@code reason} key (e.g. {@code perplexity-too-low}) that
 * reports count by, and a human-readable {@code detail} with this candidate's numbers.
 */
public sealed interface Verdict permits Verdict.Keep, Verdict.Drop {

  /**
   * Returns the scores the decision was based on, sorted by name.
   *
   * @return the scores
   */
  SortedMap<String, Double> scores();

  /**
   * Creates a keep verdict.
   *
   * @param scores the scores it was based on
   * @return the verdict
   */
  static Verdict keep(Map<String, Double> scores) {
    return new Keep(new TreeMap<>(scores));
  }

  /**
   * Creates a drop verdict.
   *
   * @param reason a stable key for counting, e.g. {@code perplexity-too-low}
   * @param detail what was wrong with this candidate
   * @param scores the scores it was based on
   * @return the verdict
   */
  static Verdict drop(String reason, String detail, Map<String, Double> scores) {
    return new Drop(reason, detail, new TreeMap<>(scores));
  }

  /**
   * The candidate passes.
   *
   * @param scores the scores it was based on; copied
   */
  record Keep(SortedMap<String, Double> scores) implements Verdict {
    /**
     * Copies the scores.
     *
     * @param scores the scores it was based on; copied
     */
    public Keep {
      scores = Collections.unmodifiableSortedMap(new TreeMap<>(requireNonNull(scores, "scores")));
    }
  }

  /**
   * The candidate is dropped.
   *
   * @param reason a stable key for counting, not blank
   * @param detail what was wrong with this candidate
   * @param scores the scores it was based on; copied
   */
  record Drop(String reason, String detail, SortedMap<String, Double> scores) implements Verdict {
    /**
     * Validates the verdict.
     *
     * @param reason a stable key for counting, not blank
     * @param detail what was wrong with this candidate
     * @param scores the scores it was based on; copied
     */
    public Drop {
      requireNonNull(reason, "reason");
      requireNonNull(detail, "detail");
      if (reason.isBlank()) {
        throw new IllegalArgumentException("reason must not be blank");
      }
      scores = Collections.unmodifiableSortedMap(new TreeMap<>(requireNonNull(scores, "scores")));
    }
  }
}
