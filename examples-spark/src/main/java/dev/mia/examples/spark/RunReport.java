package dev.mia.examples.spark;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.mia.selection.StageCount;
import dev.mia.selection.pipeline.SelectionReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A run's counts over every slice, computed in this run or committed by an earlier one: the same
 * numbers one machine reports for the whole input.
 *
 * @param partitions the slices
 * @param computed the slices this run computed
 * @param reused the slices an earlier run had committed
 * @param records the input's good records
 * @param badRecords the input's bad records
 * @param badRecordMessages the first 100 of their messages, in input order; copied
 * @param augment the augmenter's counts
 * @param selection the selection pipeline's report, merged
 * @param uncollatable pairs the model cannot take, left without reference log-probs
 * @param referenceHits reference rows found in the cache
 * @param referenceMisses reference rows computed
 * @param taskSeconds the slices' task time, summed
 */
public record RunReport(
    int partitions,
    long computed,
    long reused,
    long records,
    long badRecords,
    List<String> badRecordMessages,
    AugmentCounts augment,
    SelectionReport selection,
    long uncollatable,
    long referenceHits,
    long referenceMisses,
    double taskSeconds) {
  private static final int MAX_MESSAGES = 100;

  /**
   * Copies the list.
   *
   * @param partitions the slices
   * @param computed the slices computed
   * @param reused the slices reused
   * @param records the good records
   * @param badRecords the bad records
   * @param badRecordMessages their first messages
   * @param augment the augmenter's counts
   * @param selection the merged selection report
   * @param uncollatable pairs without reference log-probs
   * @param referenceHits cache hits
   * @param referenceMisses cache misses
   * @param taskSeconds the task time
   */
  public RunReport {
    badRecordMessages = List.copyOf(requireNonNull(badRecordMessages, "badRecordMessages"));
    requireNonNull(augment, "augment");
    requireNonNull(selection, "selection");
  }

  /**
   * Adds up the slices' summaries.
   *
   * @param summaries one per slice, in partition order
   * @param computed how many of them this run computed
   * @param records the input's good records
   * @return the report
   */
  public static RunReport of(List<PartitionSummary> summaries, long computed, long records) {
    long bad = 0;
    List<String> messages = new ArrayList<>();
    AugmentCounts augment = AugmentCounts.NONE;
    List<SelectionReport> selections = new ArrayList<>();
    long uncollatable = 0;
    long hits = 0;
    long misses = 0;
    double seconds = 0;
    for (PartitionSummary s : summaries) {
      bad += s.badRecords();
      for (String m : s.badRecordMessages()) {
        if (messages.size() < MAX_MESSAGES) {
          messages.add(m);
        }
      }
      augment = augment.plus(s.augment());
      selections.add(s.selection());
      uncollatable += s.uncollatable();
      hits += s.referenceHits();
      misses += s.referenceMisses();
      seconds += s.seconds();
    }
    return new RunReport(
        summaries.size(),
        computed,
        summaries.size() - computed,
        records,
        bad,
        messages,
        augment,
        merge(selections),
        uncollatable,
        hits,
        misses,
        seconds);
  }

  /**
   * Merges selection reports of consecutive slices into the report of one run over them all: counts
   * summed, stages in order of first use, drop reasons summed, the first 100 error messages in
   * slice order.
   *
   * @param reports the reports, in slice order, all of one pipeline configuration
   * @return the merged report
   * @throws IllegalArgumentException if the list is empty or the configurations differ
   */
  public static SelectionReport merge(List<SelectionReport> reports) {
    if (reports.isEmpty()) {
      throw new IllegalArgumentException("reports must not be empty");
    }
    String pipeline = reports.get(0).pipeline();
    long inputs = 0;
    long pairs = 0;
    long errors = 0;
    Map<String, StageCount> stages = new LinkedHashMap<>();
    List<String> messages = new ArrayList<>();
    for (SelectionReport r : reports) {
      if (!r.pipeline().equals(pipeline)) {
        throw new IllegalArgumentException(
            "reports of different pipelines: " + pipeline + " and " + r.pipeline());
      }
      inputs += r.inputs();
      pairs += r.pairs();
      errors += r.errors();
      for (StageCount stage : r.stages()) {
        stages.merge(stage.stage(), stage, RunReport::sum);
      }
      for (String m : r.errorMessages()) {
        if (messages.size() < MAX_MESSAGES) {
          messages.add(m);
        }
      }
    }
    return new SelectionReport(
        pipeline, inputs, pairs, List.copyOf(stages.values()), errors, messages);
  }

  private static StageCount sum(StageCount a, StageCount b) {
    SortedMap<String, Long> reasons = new TreeMap<>(a.dropReasons());
    b.dropReasons().forEach((k, v) -> reasons.merge(k, v, Long::sum));
    return new StageCount(
        a.stage(), a.seen() + b.seen(), a.kept() + b.kept(), a.dropped() + b.dropped(), reasons);
  }

  /**
   * Returns the report as indented JSON.
   *
   * @return the JSON text
   */
  public String toJson() {
    try {
      return PartitionSummary.JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the run report", e);
    }
  }
}
