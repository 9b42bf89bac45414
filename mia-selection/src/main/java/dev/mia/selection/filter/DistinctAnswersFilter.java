package dev.mia.selection.filter;

import dev.mia.selection.Candidate;
import dev.mia.selection.Verdict;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Drops a candidate whose rejected answer is blank or equal to the chosen answer once surrounding
 * whitespace is stripped and inner whitespace runs are collapsed to one space: MIA-DPO keeps a pair
 * only if {@code gt != response} and both are non-empty (arXiv 2410.17637, released code).
 *
 * <p>Stateless; use {@link #INSTANCE}.
 */
public final class DistinctAnswersFilter implements PairFilter {
  /** The filter. */
  public static final DistinctAnswersFilter INSTANCE = new DistinctAnswersFilter();

  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private DistinctAnswersFilter() {}

  @Override
  public String name() {
    return "distinct-answers";
  }

  @Override
  public Verdict test(Candidate candidate) {
    if (candidate.rejected().isBlank()) {
      return Verdict.drop("rejected-empty", "the rejected answer is empty", Map.of());
    }
    if (normalise(candidate.rejected()).equals(normalise(candidate.chosen()))) {
      return Verdict.drop(
          "identical-answers", "the rejected answer equals the chosen answer", Map.of());
    }
    return Verdict.keep(Map.of());
  }

  private static String normalise(String text) {
    return WHITESPACE.matcher(text.strip()).replaceAll(" ");
  }

  @Override
  public String toString() {
    return "DistinctAnswersFilter()";
  }
}
