package dev.mia.examples.spark;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.mia.selection.pipeline.SelectionReport;
import java.util.List;

/**
 * What one slice's task did, committed with its outputs ({@code summary.json}) so that a resumed
 * run reports the slices it did not recompute as well as those it did.
 *
 * @param partition the slice
 * @param start its first record (of the input's good records)
 * @param end its end, exclusive
 * @param badRecords the bad records between its first and its end (see {@link PartitionTask})
 * @param badRecordMessages the first of their messages; copied
 * @param augment what the augmenter built and skipped
 * @param selection the selection pipeline's report
 * @param uncollatable selected pairs the model cannot take (too long); written, but without
 *     reference log-probs
 * @param referenceHits reference rows found in the cache
 * @param referenceMisses reference rows computed and stored
 * @param seconds the task's time
 */
public record PartitionSummary(
    int partition,
    long start,
    long end,
    long badRecords,
    List<String> badRecordMessages,
    AugmentCounts augment,
    SelectionReport selection,
    long uncollatable,
    long referenceHits,
    long referenceMisses,
    double seconds) {
  static final ObjectMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  /**
   * Checks and copies the components.
   *
   * @param partition the slice
   * @param start its first record
   * @param end its end
   * @param badRecords its bad records
   * @param badRecordMessages their first messages
   * @param augment the augmenter's counts
   * @param selection the selection report
   * @param uncollatable pairs without reference log-probs
   * @param referenceHits reference cache hits
   * @param referenceMisses reference cache misses
   * @param seconds the task's time
   */
  public PartitionSummary {
    badRecordMessages = List.copyOf(requireNonNull(badRecordMessages, "badRecordMessages"));
    requireNonNull(augment, "augment");
    requireNonNull(selection, "selection");
  }

  /**
   * Returns the summary as JSON.
   *
   * @return the JSON text
   */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the summary of partition " + partition, e);
    }
  }

  /**
   * Reads a summary written by {@link #toJson()}.
   *
   * @param json the JSON text
   * @return the summary
   * @throws IllegalArgumentException if the text is not a summary
   */
  public static PartitionSummary fromJson(String json) {
    try {
      return JSON.readValue(json, PartitionSummary.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a partition summary: " + e.getOriginalMessage(), e);
    }
  }
}
