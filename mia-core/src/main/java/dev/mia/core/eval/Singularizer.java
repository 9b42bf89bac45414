package dev.mia.core.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small rule-based singulariser for lower-case English nouns, guided by a vocabulary: a word the
 * vocabulary knows is kept as it is ("skis", "scissors", "bus", "glass"); otherwise the first
 * candidate singular the vocabulary knows is used; otherwise the word is kept.
 *
 * <p>Candidates, in order: an irregular form (people, men, women, children, mice, geese, knives,
 * ...); for "-ies" the "-y" and "-ie" forms; for "-ves" the "-f" and "-fe" forms; for "-es" the
 * forms without "es" and without "s"; for any other "-s" not in "-ss", the form without "s".
 */
final class Singularizer {
  private static final Map<String, String> IRREGULAR =
      Map.ofEntries(
          Map.entry("people", "person"),
          Map.entry("persons", "person"),
          Map.entry("men", "man"),
          Map.entry("women", "woman"),
          Map.entry("children", "child"),
          Map.entry("kids", "kid"),
          Map.entry("mice", "mouse"),
          Map.entry("geese", "goose"),
          Map.entry("oxen", "ox"),
          Map.entry("teeth", "tooth"),
          Map.entry("feet", "foot"),
          Map.entry("knives", "knife"),
          Map.entry("wolves", "wolf"),
          Map.entry("calves", "calf"),
          Map.entry("halves", "half"),
          Map.entry("shelves", "shelf"),
          Map.entry("leaves", "leaf"),
          Map.entry("loaves", "loaf"),
          Map.entry("buses", "bus"),
          Map.entry("busses", "bus"),
          Map.entry("cacti", "cactus"),
          Map.entry("dice", "die"),
          Map.entry("sheep", "sheep"),
          Map.entry("deer", "deer"),
          Map.entry("fish", "fish"),
          Map.entry("cattle", "cattle"),
          Map.entry("glasses", "glass"),
          Map.entry("skis", "ski"));

  private final Set<String> vocabularyWords;

  Singularizer(Set<String> vocabularyWords) {
    this.vocabularyWords = Set.copyOf(vocabularyWords);
  }

  /** Returns the word's singular as the vocabulary spells it, or the word itself. */
  String singular(String word) {
    if (vocabularyWords.contains(word)) {
      return word;
    }
    for (String candidate : candidates(word)) {
      if (vocabularyWords.contains(candidate)) {
        return candidate;
      }
    }
    return word;
  }

  /** Returns the candidate singulars of a lower-case word, most likely first. */
  static List<String> candidates(String word) {
    List<String> out = new ArrayList<>(3);
    String irregular = IRREGULAR.get(word);
    if (irregular != null) {
      out.add(irregular);
    }
    int n = word.length();
    if (n <= 2 || !word.endsWith("s") || word.endsWith("ss")) {
      return out;
    }
    String stem1 = word.substring(0, n - 1);
    if (word.endsWith("ies") && n > 4) {
      out.add(word.substring(0, n - 3) + "y");
      out.add(stem1);
    } else if (word.endsWith("ves") && n > 4) {
      out.add(word.substring(0, n - 3) + "f");
      out.add(word.substring(0, n - 3) + "fe");
      out.add(stem1);
    } else if (word.endsWith("es")) {
      out.add(word.substring(0, n - 2));
      out.add(stem1);
    } else {
      out.add(stem1);
    }
    return out;
  }
}
