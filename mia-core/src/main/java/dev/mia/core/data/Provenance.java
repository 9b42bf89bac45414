package dev.mia.core.data;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Where a sample or pair came from: the ids of the source samples, the companion images drawn to
 * build it, and every stage that made, scored or kept it, with its scores. Written with the data,
 * so a user can always tell why a pair is in the training set.
 *
 * @param sourceIds the ids of the samples it was made from, in order; copied
 * @param stages the stages it went through, in order; copied
 * @param companions the ids ({@link SourceImage#id()}) of the companion images a multi-image format
 *     drew besides the sources' own images (a sequence's other images, a grid's other tiles, a
 *     pic-in-pic's background), in the order they were drawn; empty for anything else; copied
 */
public record Provenance(List<String> sourceIds, List<Stage> stages, List<String> companions) {
  /** No known origin. */
  public static final Provenance EMPTY = new Provenance(List.of(), List.of());

  /**
   * Validates the components; see the type's documentation for the rules.
   *
   * @param sourceIds the ids of the samples it was made from, in order; copied
   * @param stages the stages it went through, in order; copied
   * @param companions the ids of the companion images drawn, in draw order; copied
   */
  public Provenance {
    sourceIds = List.copyOf(requireNonNull(sourceIds, "sourceIds"));
    stages = List.copyOf(requireNonNull(stages, "stages"));
    companions = List.copyOf(requireNonNull(companions, "companions"));
  }

  /**
   * Makes a provenance without companions.
   *
   * @param sourceIds the ids of the samples it was made from, in order; copied
   * @param stages the stages it went through, in order; copied
   */
  public Provenance(List<String> sourceIds, List<Stage> stages) {
    this(sourceIds, stages, List.of());
  }

  /**
   * Returns this provenance with the companion images a format drew.
   *
   * @param companions the companions' ids, in draw order
   * @return a new provenance
   */
  public Provenance withCompanions(List<String> companions) {
    return new Provenance(sourceIds, stages, companions);
  }

  /**
   * Starts a provenance from source sample ids.
   *
   * @param sourceIds the ids
   * @return the provenance, with no stage yet
   */
  public static Provenance from(String... sourceIds) {
    return new Provenance(List.of(sourceIds), List.of());
  }

  /**
   * Returns this provenance with one more stage.
   *
   * @param stage the stage
   * @return a new provenance
   */
  public Provenance with(Stage stage) {
    List<Stage> more = new ArrayList<>(stages);
    more.add(stage);
    return new Provenance(sourceIds, more, companions);
  }

  /**
   * One step of a pipeline that produced, scored or kept a value.
   *
   * @param name the stage's name, e.g. {@code grid-format} or {@code attention-selector}
   * @param detail its configuration, e.g. the {@code toString()} of the configured object
   * @param scores the numbers it computed, sorted by key so output is deterministic
   */
  public record Stage(String name, String detail, SortedMap<String, Double> scores) {
    /**
     * Validates the components; see the type's documentation for the rules.
     *
     * @param name the stage's name, e.g. {@code grid-format} or {@code attention-selector}
     * @param detail its configuration, e.g. the {@code toString()} of the configured object
     * @param scores the numbers it computed, sorted by key so output is deterministic
     */
    public Stage {
      requireNonNull(name, "name");
      requireNonNull(detail, "detail");
      if (name.isBlank()) {
        throw new IllegalArgumentException("stage name must not be blank");
      }
      scores = Collections.unmodifiableSortedMap(new TreeMap<>(requireNonNull(scores, "scores")));
    }

    /**
     * Creates a stage.
     *
     * @param name the stage's name
     * @param detail its configuration
     * @param scores the numbers it computed
     * @return the stage
     */
    public static Stage of(String name, String detail, Map<String, Double> scores) {
      return new Stage(name, detail, new TreeMap<>(scores));
    }
  }
}
