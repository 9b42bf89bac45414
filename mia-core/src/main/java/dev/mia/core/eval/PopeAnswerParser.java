package dev.mia.core.eval;

import java.util.Locale;

/**
 * Turns a free-form answer into yes or no exactly as POPE's {@code evaluate.py} (AoiDragon/POPE,
 * copied as LLaVA's {@code llava/eval/eval_pope.py}) does.
 *
 * <p>The official rule, {@link NegationMatching#OFFICIAL_SCRIPT} (the default):
 *
 * <ol>
 *   <li>if the answer contains {@code '.'}, keep only the text before the first {@code '.'};
 *   <li>remove every {@code ','};
 *   <li>split on the single space character {@code ' '} (not on other whitespace);
 *   <li>the answer is {@link YesNo#NO} if one of the words is exactly {@code "No"}, {@code "no"} or
 *       {@code "not"}, and {@link YesNo#YES} otherwise.
 * </ol>
 *
 * <h2>Quirks kept on purpose</h2>
 *
 * <p>Published numbers were computed with these quirks, so the default reproduces them: the empty
 * answer is YES; {@code "Not sure."} is YES ({@code "Not"} is not in the list); {@code "NO"} is
 * YES; {@code "No!"} and {@code "no\nthere is"} are YES (the word is {@code "No!"} or {@code
 * "no\nthere"}); {@code "Yes, but no..."} is NO (first sentence {@code "Yes, but no"}); {@code
 * "There is no. Yes"} is NO. {@link NegationMatching#CASE_INSENSITIVE} lower-cases the words first,
 * so {@code "Not sure."} and {@code "NO"} become NO; numbers from it are not comparable with
 * published POPE numbers.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class PopeAnswerParser {
  /** The official script's rule. */
  public static final PopeAnswerParser OFFICIAL =
      new PopeAnswerParser(NegationMatching.OFFICIAL_SCRIPT);

  /** How the negation words are matched. */
  public enum NegationMatching {
    /** Exactly {@code "No"}, {@code "no"} or {@code "not"}, as the official script. */
    OFFICIAL_SCRIPT,
    /** {@code "no"} or {@code "not"} in any letter case. */
    CASE_INSENSITIVE
  }

  private final NegationMatching matching;

  private PopeAnswerParser(NegationMatching matching) {
    this.matching = matching;
  }

  /**
   * Returns the parser that matches negations as given.
   *
   * @param matching how negation words are matched
   * @return the parser
   */
  public static PopeAnswerParser of(NegationMatching matching) {
    return matching == NegationMatching.OFFICIAL_SCRIPT ? OFFICIAL : new PopeAnswerParser(matching);
  }

  /**
   * Returns how this parser matches negation words.
   *
   * @return the matching rule
   */
  public NegationMatching matching() {
    return matching;
  }

  /**
   * Parses one answer.
   *
   * @param answer the model's answer, possibly empty
   * @return NO if the first sentence holds a negation word, YES otherwise
   */
  public YesNo parse(String answer) {
    String text = answer;
    int dot = text.indexOf('.');
    if (dot >= 0) {
      text = text.substring(0, dot);
    }
    text = text.replace(",", "");
    for (String word : text.split(" ", -1)) {
      if (isNegation(word)) {
        return YesNo.NO;
      }
    }
    return YesNo.YES;
  }

  private boolean isNegation(String word) {
    if (matching == NegationMatching.CASE_INSENSITIVE) {
      String lower = word.toLowerCase(Locale.ROOT);
      return lower.equals("no") || lower.equals("not");
    }
    return word.equals("No") || word.equals("no") || word.equals("not");
  }

  @Override
  public String toString() {
    return "PopeAnswerParser(matching=" + matching + ")";
  }
}
