package dev.mia.core.eval;

/**
 * When an answer "matches" an expected answer in {@link MultiImageJudge}. Both texts are first
 * lower-cased and split into words (runs of letters and digits), so case and punctuation never
 * matter.
 */
public enum AnswerMatching {
  /** The answer's words equal the expected answer's words ({@code "Red."} matches "red"). */
  EXACT,
  /**
   * The expected answer's words occur as a contiguous run in the answer's words ({@code "The cube
   * is red."} matches "red"; {@code "reddish"} does not). The default.
   */
  WHOLE_WORDS
}
