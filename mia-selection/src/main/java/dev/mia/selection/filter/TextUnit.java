package dev.mia.selection.filter;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The unit in which the length and edit-distance filters measure answers.
 *
 * <p>Word segmentation is mia's: maximal runs of non-whitespace code points ({@code \S+} in Java's
 * regex sense), compared exactly (case and punctuation included).
 */
public enum TextUnit {
  /** Unicode code points: a character outside the Basic Multilingual Plane counts once. */
  CODE_POINTS,
  /** Whitespace-separated words. */
  WORDS;

  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  /**
   * Counts the units of a text.
   *
   * @param text the text
   * @return the number of code points or words
   */
  public int count(String text) {
    if (this == CODE_POINTS) {
      return text.codePointCount(0, text.length());
    }
    String stripped = text.strip();
    return stripped.isEmpty() ? 0 : WHITESPACE.split(stripped).length;
  }

  /**
   * Encodes two texts as unit ids for edit distance: code points as themselves, words as ids
   * assigned in order of first appearance across both texts.
   */
  int[][] encode(String first, String second) {
    if (this == CODE_POINTS) {
      return new int[][] {first.codePoints().toArray(), second.codePoints().toArray()};
    }
    Map<String, Integer> ids = new HashMap<>();
    return new int[][] {words(first, ids), words(second, ids)};
  }

  private static int[] words(String text, Map<String, Integer> ids) {
    String stripped = text.strip();
    if (stripped.isEmpty()) {
      return new int[0];
    }
    String[] words = WHITESPACE.split(stripped);
    int[] out = new int[words.length];
    for (int i = 0; i < words.length; i++) {
      out[i] = ids.computeIfAbsent(words[i], w -> ids.size());
    }
    return out;
  }
}
