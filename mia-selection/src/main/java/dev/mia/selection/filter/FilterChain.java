package dev.mia.selection.filter;

import static java.util.Objects.requireNonNull;

import dev.mia.core.data.Provenance;
import dev.mia.selection.Candidate;
import dev.mia.selection.SelectionTally;
import dev.mia.selection.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Filters run in order: a candidate goes through while every filter keeps it; the first drop ends
 * it. Every decision is recorded in a {@link SelectionTally}, and every filter a candidate passes
 * is appended to its provenance as a stage {@code filter:<name>} with the filter's scores.
 *
 * <p>Immutable and thread-safe (the tally is thread-safe).
 */
public final class FilterChain {
  private final List<PairFilter> filters;

  private FilterChain(List<PairFilter> filters) {
    this.filters = List.copyOf(filters);
  }

  /**
   * Creates a chain.
   *
   * @param filters the filters, in the order they run
   * @return the chain
   */
  public static FilterChain of(List<? extends PairFilter> filters) {
    return new FilterChain(new ArrayList<>(requireNonNull(filters, "filters")));
  }

  /**
   * Returns MIA-DPO's post-selection chain with mia's defaults for the unpublished filters:
   * distinct answers, perplexity above 1.1, length ratio in [0.25, 4] words, normalised code-point
   * edit distance at least 0.1.
   *
   * @return the chain
   */
  public static FilterChain miaDpoDefaults() {
    return of(
        List.of(
            DistinctAnswersFilter.INSTANCE,
            PerplexityFilter.MIA_DPO,
            LengthRatioFilter.DEFAULT,
            EditDistanceFilter.DEFAULT));
  }

  /**
   * Returns the filters.
   *
   * @return the filters, in order
   */
  public List<PairFilter> filters() {
    return filters;
  }

  /**
   * Runs the chain on a candidate.
   *
   * @param candidate the candidate
   * @param tally where each filter's decision is counted
   * @return the candidate with one provenance stage per filter, or empty if a filter dropped it
   * @throws dev.mia.core.MiaException if a filter finds the candidate invalid
   */
  public Optional<Candidate> apply(Candidate candidate, SelectionTally tally) {
    Candidate current = candidate;
    for (PairFilter filter : filters) {
      String stage = "filter:" + filter.name();
      Verdict verdict = filter.test(current);
      tally.record(stage, verdict);
      if (verdict instanceof Verdict.Drop) {
        return Optional.empty();
      }
      current = current.withStage(new Provenance.Stage(stage, filter.toString(), verdict.scores()));
    }
    return Optional.of(current);
  }

  @Override
  public String toString() {
    return "FilterChain" + filters;
  }
}
