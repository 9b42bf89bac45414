package dev.mia.selection.filter;

import dev.mia.selection.Candidate;
import dev.mia.selection.Verdict;

/**
 * Keeps or drops a candidate pair on its texts and generation statistics alone, with no model call.
 *
 * <p>Implementations are immutable and thread-safe, and their {@code toString()} prints every
 * setting (it is written to the provenance of the pairs they keep).
 */
public interface PairFilter {

  /**
   * Returns the filter's name, as reports and provenance show it.
   *
   * @return a short, stable name such as {@code perplexity}
   */
  String name();

  /**
   * Decides about one candidate.
   *
   * @param candidate the candidate
   * @return keep or drop, with the scores the decision used
   * @throws dev.mia.core.MiaException if the candidate lacks what the filter needs or holds
   *     non-finite numbers; the message names the candidate's id
   */
  Verdict test(Candidate candidate);
}
