package dev.mia.selection;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A running count, per stage, of the candidates kept and dropped and of the drop reasons. Stages
 * are listed in the order they were first recorded.
 *
 * <p>Thread-safe: every method synchronises on the tally. {@link #snapshot()} returns immutable
 * counts.
 */
public final class SelectionTally {
  private final Map<String, long[]> counts = new LinkedHashMap<>();
  private final Map<String, Map<String, Long>> reasons = new LinkedHashMap<>();

  /** Creates an empty tally. */
  public SelectionTally() {}

  /**
   * Records one decision of a stage.
   *
   * @param stage the stage's name
   * @param verdict what it decided
   */
  public synchronized void record(String stage, Verdict verdict) {
    requireNonNull(stage, "stage");
    requireNonNull(verdict, "verdict");
    long[] count = counts.computeIfAbsent(stage, s -> new long[2]);
    Map<String, Long> why = reasons.computeIfAbsent(stage, s -> new TreeMap<>());
    if (verdict instanceof Verdict.Drop drop) {
      count[1]++;
      why.merge(drop.reason(), 1L, Long::sum);
    } else {
      count[0]++;
    }
  }

  /**
   * Returns the counts so far.
   *
   * @return one count per stage, in the order stages were first recorded
   */
  public synchronized List<StageCount> snapshot() {
    List<StageCount> out = new ArrayList<>();
    for (Map.Entry<String, long[]> e : counts.entrySet()) {
      long[] c = e.getValue();
      out.add(
          new StageCount(
              e.getKey(), c[0] + c[1], c[0], c[1], new TreeMap<>(reasons.get(e.getKey()))));
    }
    return List.copyOf(out);
  }
}
