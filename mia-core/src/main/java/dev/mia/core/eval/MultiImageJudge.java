package dev.mia.core.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Classifies answers to questions about one image of several, to measure multi-image confusion (the
 * failure modes MIA-DPO, arXiv 2410.17637, names "sequence confusion" and "element interference").
 * The definitions are mia's; neither paper publishes a scoring script.
 *
 * <h2>Definitions</h2>
 *
 * <p>Texts are compared as word lists: lower-cased, split into runs of letters and digits. With
 * {@code match(answer, e)} as the {@link AnswerMatching} rule, and "contains" as a contiguous run
 * of whole words, an answer about target image {@code t} is, checking in this order:
 *
 * <ol>
 *   <li>{@link MultiImageOutcome#CORRECT} if it matches an acceptable answer of image {@code t};
 *   <li>{@link MultiImageOutcome#SEQUENCE_CONFUSION} if it matches an acceptable answer of an image
 *       {@code j != t};
 *   <li>{@link MultiImageOutcome#ELEMENT_INTERFERENCE} if it contains an attribute value of an
 *       image {@code j != t} that is not an attribute value of image {@code t};
 *   <li>{@link MultiImageOutcome#OTHER_WRONG} otherwise.
 * </ol>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class MultiImageJudge {
  /** Judges with {@link AnswerMatching#WHOLE_WORDS}. */
  public static final MultiImageJudge DEFAULT = new MultiImageJudge(AnswerMatching.WHOLE_WORDS);

  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

  private final AnswerMatching matching;

  private MultiImageJudge(AnswerMatching matching) {
    this.matching = matching;
  }

  /**
   * Returns a judge that matches answers as given.
   *
   * @param matching the matching rule
   * @return the judge
   */
  public static MultiImageJudge of(AnswerMatching matching) {
    return matching == DEFAULT.matching ? DEFAULT : new MultiImageJudge(matching);
  }

  /**
   * Returns the matching rule.
   *
   * @return the matching rule
   */
  public AnswerMatching matching() {
    return matching;
  }

  /**
   * Classifies one answer.
   *
   * @param item the answer and the truth of every image
   * @return the outcome
   */
  public MultiImageOutcome classify(MultiImageItem item) {
    List<String> answer = words(item.answer());
    int target = item.targetIndex();
    if (matchesAny(answer, item.target().answers())) {
      return MultiImageOutcome.CORRECT;
    }
    List<ImageTruth> images = item.images();
    for (int j = 0; j < images.size(); j++) {
      if (j != target && matchesAny(answer, images.get(j).answers())) {
        return MultiImageOutcome.SEQUENCE_CONFUSION;
      }
    }
    List<List<String>> targetAttributes = new ArrayList<>();
    for (String value : item.target().attributes()) {
      targetAttributes.add(words(value));
    }
    for (int j = 0; j < images.size(); j++) {
      if (j == target) {
        continue;
      }
      for (String value : images.get(j).attributes()) {
        List<String> words = words(value);
        if (!targetAttributes.contains(words) && contains(answer, words)) {
          return MultiImageOutcome.ELEMENT_INTERFERENCE;
        }
      }
    }
    return MultiImageOutcome.OTHER_WRONG;
  }

  private boolean matchesAny(List<String> answer, Iterable<String> expected) {
    for (String e : expected) {
      List<String> words = words(e);
      boolean match =
          matching == AnswerMatching.EXACT ? answer.equals(words) : contains(answer, words);
      if (match) {
        return true;
      }
    }
    return false;
  }

  private static boolean contains(List<String> answer, List<String> words) {
    return !words.isEmpty() && Collections.indexOfSubList(answer, words) >= 0;
  }

  private static List<String> words(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  @Override
  public String toString() {
    return "MultiImageJudge(matching=" + matching + ")";
  }
}
