package dev.mia.core.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The CHAIR judgement of one caption: the categories it mentions and the ground truth.
 *
 * @param mentions the canonical category of each object mention, in caption order, duplicates kept
 * @param groundTruth the categories present in the image
 */
public record ChairCaptionScore(List<String> mentions, Set<String> groundTruth) {
  /**
   * Copies the components; {@code groundTruth} keeps its iteration order.
   *
   * @param mentions the canonical category of each object mention, in caption order, duplicates
   *     kept
   * @param groundTruth the categories present in the image
   */
  public ChairCaptionScore {
    mentions = List.copyOf(mentions);
    groundTruth = Collections.unmodifiableSet(new LinkedHashSet<>(groundTruth));
  }

  /**
   * Returns the mentions whose category is not in the ground truth, duplicates kept.
   *
   * @return the hallucinated mentions in caption order
   */
  public List<String> hallucinatedMentions() {
    List<String> out = new ArrayList<>();
    for (String mention : mentions) {
      if (!groundTruth.contains(mention)) {
        out.add(mention);
      }
    }
    return List.copyOf(out);
  }

  /**
   * Returns the ground-truth categories that the caption mentions at least once.
   *
   * @return the recalled categories, in order of first mention
   */
  public Set<String> recalledCategories() {
    Set<String> out = new LinkedHashSet<>();
    for (String mention : mentions) {
      if (groundTruth.contains(mention)) {
        out.add(mention);
      }
    }
    return Collections.unmodifiableSet(out);
  }

  /**
   * Returns whether at least one mention is hallucinated.
   *
   * @return true if the caption hallucinates
   */
  public boolean hasHallucination() {
    return !hallucinatedMentions().isEmpty();
  }
}
