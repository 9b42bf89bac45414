package dev.mia.formats.augment;

import static java.util.Objects.requireNonNull;

import dev.mia.core.data.MultiImageFormat;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * How often each format and each image count is drawn: relative weights, not necessarily summing to
 * 1. Pic-in-pic always shows two images (the background and the inner picture).
 *
 * <p>{@link #miaDpo()} takes MIA-DPO's proportions (arXiv 2410.17637 and its notebooks):
 *
 * <ul>
 *   <li>formats: sequence 15.1, grid 9.3, pic-in-pic 4.5, the sizes in thousands of the three parts
 *       of its LLaVA-v1.5 DPO set;
 *   <li>sequence images 2 / 3 / 4 / 5: 20000 / 6000 / 6000 / 4410, its COCO split by sample index
 *       (index below 20000 gets one companion, below 26000 two, below 32000 three, up to 36410
 *       four);
 *   <li>grid images 2 / 3 / 4 / 6 / 9: 48 / 14 / 14 / 7 / 7, the thousands of samples of its
 *       multi-round collage set.
 * </ul>
 *
 * Maps are copied into sorted maps, so the draw does not depend on a map's iteration order.
 *
 * @param formats format to weight; weights finite and at least 0, not all 0
 * @param sequenceImageCounts image count (at least 2) to weight, for sequences
 * @param gridImageCounts image count (at least 2) to weight, for collages
 */
public record FormatMix(
    SortedMap<MultiImageFormat, Double> formats,
    SortedMap<Integer, Double> sequenceImageCounts,
    SortedMap<Integer, Double> gridImageCounts) {

  /**
   * Validates the components; see the type's documentation for the rules.
   *
   * @param formats format to weight; weights finite and at least 0, not all 0
   * @param sequenceImageCounts image count (at least 2) to weight, for sequences
   * @param gridImageCounts image count (at least 2) to weight, for collages
   */
  public FormatMix {
    formats = Collections.unmodifiableSortedMap(new TreeMap<>(requireNonNull(formats, "formats")));
    sequenceImageCounts =
        Collections.unmodifiableSortedMap(
            new TreeMap<>(requireNonNull(sequenceImageCounts, "sequenceImageCounts")));
    gridImageCounts =
        Collections.unmodifiableSortedMap(
            new TreeMap<>(requireNonNull(gridImageCounts, "gridImageCounts")));
    checkWeights("formats", formats);
    checkWeights("sequenceImageCounts", sequenceImageCounts);
    checkWeights("gridImageCounts", gridImageCounts);
    checkCounts("sequenceImageCounts", sequenceImageCounts);
    checkCounts("gridImageCounts", gridImageCounts);
  }

  /**
   * Returns MIA-DPO's proportions, as the type's documentation lists them.
   *
   * @return the mix
   */
  public static FormatMix miaDpo() {
    Map<MultiImageFormat, Double> formats = new EnumMap<>(MultiImageFormat.class);
    formats.put(MultiImageFormat.SEQUENCE, 15.1);
    formats.put(MultiImageFormat.GRID, 9.3);
    formats.put(MultiImageFormat.PIC_IN_PIC, 4.5);
    return new FormatMix(
        new TreeMap<>(formats),
        new TreeMap<>(Map.of(2, 20000.0, 3, 6000.0, 4, 6000.0, 5, 4410.0)),
        new TreeMap<>(Map.of(2, 48.0, 3, 14.0, 4, 14.0, 6, 7.0, 9, 7.0)));
  }

  /**
   * Returns this mix with other format weights.
   *
   * @param formats format to weight
   * @return a new mix
   */
  public FormatMix withFormats(Map<MultiImageFormat, Double> formats) {
    return new FormatMix(new TreeMap<>(formats), sequenceImageCounts, gridImageCounts);
  }

  /**
   * Returns this mix with other sequence image counts.
   *
   * @param counts image count to weight
   * @return a new mix
   */
  public FormatMix withSequenceImageCounts(Map<Integer, Double> counts) {
    return new FormatMix(formats, new TreeMap<>(counts), gridImageCounts);
  }

  /**
   * Returns this mix with other grid image counts.
   *
   * @param counts image count to weight
   * @return a new mix
   */
  public FormatMix withGridImageCounts(Map<Integer, Double> counts) {
    return new FormatMix(formats, sequenceImageCounts, new TreeMap<>(counts));
  }

  /**
   * Returns the weight of a format, 0 if it has none.
   *
   * @param format the format
   * @return the weight
   */
  public double weight(MultiImageFormat format) {
    return formats.getOrDefault(format, 0.0);
  }

  /**
   * Draws a format with probability proportional to its weight.
   *
   * @param random the source of the draw; one {@code nextDouble()}
   * @return the format
   */
  public MultiImageFormat drawFormat(RandomGenerator random) {
    return draw(formats, random);
  }

  /**
   * Draws the number of images for a format: from {@link #sequenceImageCounts()} or {@link
   * #gridImageCounts()}, or 2 for pic-in-pic (no draw).
   *
   * @param format the format
   * @param random the source of the draw; one {@code nextDouble()} unless pic-in-pic
   * @return the image count
   */
  public int drawImageCount(MultiImageFormat format, RandomGenerator random) {
    return switch (format) {
      case SEQUENCE -> draw(sequenceImageCounts, random);
      case GRID -> draw(gridImageCounts, random);
      case PIC_IN_PIC -> 2;
    };
  }

  private static <K> K draw(SortedMap<K, Double> weights, RandomGenerator random) {
    double total = 0;
    for (double w : weights.values()) {
      total += w;
    }
    double u = random.nextDouble() * total;
    double cumulative = 0;
    K last = null;
    for (Map.Entry<K, Double> e : weights.entrySet()) {
      if (e.getValue() > 0) {
        cumulative += e.getValue();
        last = e.getKey();
        if (u < cumulative) {
          return last;
        }
      }
    }
    return requireNonNull(last, "no positive weight");
  }

  private static void checkWeights(String name, Map<?, Double> weights) {
    double total = 0;
    for (Map.Entry<?, Double> e : weights.entrySet()) {
      double w = requireNonNull(e.getValue(), name + " weight");
      if (!Double.isFinite(w) || w < 0) {
        throw new IllegalArgumentException(
            name + " weight of " + e.getKey() + " must be finite and >= 0, but is: " + w);
      }
      total += w;
    }
    if (!(total > 0)) {
      throw new IllegalArgumentException(name + " must have a positive weight, but is: " + weights);
    }
  }

  private static void checkCounts(String name, Map<Integer, Double> counts) {
    for (int count : counts.keySet()) {
      if (count < 2) {
        throw new IllegalArgumentException(
            name + " must hold image counts >= 2, but has: " + count);
      }
    }
  }
}
