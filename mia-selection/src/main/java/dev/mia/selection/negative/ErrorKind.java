package dev.mia.selection.negative;

import java.util.List;
import java.util.Map;

/**
 * The kinds of error the rule-based rewriter injects: those BPO's prompt asks its text model for
 * (arXiv 2403.08730: "adding or deleting objects, changing attributes such as colour, shape, size,
 * location"), restricted to word swaps that keep the sentence grammatical.
 */
public enum ErrorKind {
  /** A colour word becomes another colour: "a red bus" to "a blue bus". */
  COLOUR(
      List.of(
          "red", "blue", "green", "yellow", "white", "black", "brown", "orange", "purple", "pink",
          "gray", "grey", "silver"),
      Map.of()),
  /** A count word becomes another count: "two dogs" to "three dogs". */
  COUNT(List.of("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"), Map.of()),
  /** A spatial word becomes its opposite: "on the left" to "on the right". */
  SPATIAL(
      List.of(),
      Map.ofEntries(
          Map.entry("left", "right"),
          Map.entry("right", "left"),
          Map.entry("top", "bottom"),
          Map.entry("bottom", "top"),
          Map.entry("above", "below"),
          Map.entry("below", "above"),
          Map.entry("behind", "in front of"),
          Map.entry("inside", "outside"),
          Map.entry("outside", "inside"),
          Map.entry("under", "over"),
          Map.entry("over", "under"),
          Map.entry("near", "far from"))),
  /** A size word becomes its opposite: "a small dog" to "a large dog". */
  SIZE(
      List.of(),
      Map.ofEntries(
          Map.entry("small", "large"),
          Map.entry("large", "small"),
          Map.entry("big", "small"),
          Map.entry("little", "big"),
          Map.entry("tall", "short"),
          Map.entry("short", "tall"),
          Map.entry("long", "short"),
          Map.entry("tiny", "huge"),
          Map.entry("huge", "tiny"))),
  /** An object noun becomes another object: "a cat on the sofa" to "a dog on the sofa". */
  OBJECT(
      List.of(
          "person",
          "man",
          "woman",
          "child",
          "dog",
          "cat",
          "horse",
          "cow",
          "sheep",
          "bird",
          "elephant",
          "bear",
          "zebra",
          "giraffe",
          "car",
          "bus",
          "truck",
          "bicycle",
          "motorcycle",
          "train",
          "boat",
          "airplane",
          "bench",
          "chair",
          "couch",
          "bed",
          "table",
          "umbrella",
          "bottle",
          "cup",
          "bowl",
          "banana",
          "apple",
          "orange",
          "pizza",
          "cake",
          "clock",
          "vase",
          "book",
          "laptop",
          "phone",
          "kite",
          "ball",
          "frisbee",
          "tree",
          "building",
          "sign"),
      Map.of());

  private final List<String> interchangeable;
  private final Map<String, String> opposites;

  ErrorKind(List<String> interchangeable, Map<String, String> opposites) {
    this.interchangeable = interchangeable;
    this.opposites = opposites;
  }

  /**
   * Returns the words of this kind that may replace one another.
   *
   * @return the interchangeable words, lower case; empty for kinds that use opposites
   */
  public List<String> interchangeable() {
    return interchangeable;
  }

  /**
   * Returns the word-to-opposite map of this kind.
   *
   * @return the opposites, lower case; empty for kinds that use interchangeable words
   */
  public Map<String, String> opposites() {
    return opposites;
  }
}
