package dev.mia.core.eval;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Builds POPE questions from object annotations, following {@code pope()} in {@code utils.py} of
 * AoiDragon/POPE (Li et al., EMNLP 2023).
 *
 * <p>For each image, in input order, and for each of its first {@code sampleNum} objects: one "yes"
 * question about that object, then one "no" question about an absent object picked by the {@link
 * PopeSampling strategy}. Candidates for "no" are the objects seen anywhere in the dataset,
 * excluding the image's objects and those already asked about for this image:
 *
 * <ul>
 *   <li>{@link PopeSampling#RANDOM}: uniformly among the candidates;
 *   <li>{@link PopeSampling#POPULAR}: the candidate in the most images;
 *   <li>{@link PopeSampling#ADVERSARIAL}: the candidate that co-occurs most often (in the same
 *       image) with the current positive object.
 * </ul>
 *
 * Ties rank by first appearance in the dataset, as Python's stable sort over insertion-ordered
 * dicts does. When popular or adversarial finds no candidate it falls back to random, as the
 * script.
 *
 * <h2>Differences from the script</h2>
 *
 * <ul>
 *   <li>Randomness comes from {@link SplittableRandom} seeded with {@link Builder#seed}, so random
 *       picks are reproducible but differ from Python's {@code random}.
 *   <li>An image with fewer than {@code sampleNum} objects gives as many pairs as it has objects
 *       (the script fails with an IndexError); when no candidate is left, the "no" question is left
 *       out (the script loops forever).
 *   <li>The article: the script makes {@code template.replace("a", "an")} for vowel-initial
 *       objects, which also turns "image" into "imange"; mia only turns the standalone word {@code
 *       "a"} before {@code {object}} into {@code "an"}.
 * </ul>
 *
 * <p>Instances are immutable and thread-safe; each call of {@link #sample} starts from the seed.
 */
public final class PopeSampler {
  /** The placeholder that the template must hold. */
  public static final String OBJECT_PLACEHOLDER = "{object}";

  private final PopeSampling strategy;
  private final long seed;
  private final int sampleNum;
  private final String template;

  private PopeSampler(Builder builder) {
    this.strategy = builder.strategy;
    this.seed = builder.seed;
    this.sampleNum = builder.sampleNum;
    this.template = builder.template;
  }

  /**
   * Starts a builder.
   *
   * @param strategy how absent objects are picked
   * @param seed the seed of the random picks
   * @return a builder with the defaults
   */
  public static Builder builder(PopeSampling strategy, long seed) {
    return new Builder(strategy, seed);
  }

  /**
   * Builds the questions for a dataset; frequencies and co-occurrences are counted over all of it.
   *
   * @param images the annotated images
   * @return the questions, ids running from 1, yes and no alternating per image
   */
  public List<PopeQuestion> sample(List<AnnotatedImage> images) {
    Map<String, Integer> frequency = new LinkedHashMap<>();
    Map<String, Map<String, Integer>> coOccurrence = new LinkedHashMap<>();
    for (AnnotatedImage image : images) {
      for (String object : image.objects()) {
        frequency.merge(object, 1, Integer::sum);
        Map<String, Integer> row = coOccurrence.computeIfAbsent(object, k -> new LinkedHashMap<>());
        for (String other : image.objects()) {
          if (!other.equals(object)) {
            row.merge(other, 1, Integer::sum);
          }
        }
      }
    }
    List<String> allObjects = List.copyOf(frequency.keySet());
    List<String> popular = byCountDescending(frequency);
    Map<String, List<String>> coOccurring = new LinkedHashMap<>();
    coOccurrence.forEach((object, row) -> coOccurring.put(object, byCountDescending(row)));

    SplittableRandom random = new SplittableRandom(seed);
    List<PopeQuestion> questions = new ArrayList<>();
    for (AnnotatedImage image : images) {
      Set<String> excluded = new HashSet<>(image.objects());
      int positives = Math.min(sampleNum, image.objects().size());
      for (int i = 0; i < positives; i++) {
        String positive = image.objects().get(i);
        questions.add(question(questions.size() + 1, image, positive, YesNo.YES));
        List<String> ranked =
            switch (strategy) {
              case RANDOM -> List.of();
              case POPULAR -> popular;
              case ADVERSARIAL -> coOccurring.getOrDefault(positive, List.of());
            };
        String negative = firstNotIn(ranked, excluded);
        if (negative == null) {
          negative = randomNotIn(allObjects, excluded, random);
        }
        if (negative != null) {
          excluded.add(negative);
          questions.add(question(questions.size() + 1, image, negative, YesNo.NO));
        }
      }
    }
    return List.copyOf(questions);
  }

  /**
   * Returns the question text for an object: the template with the object in place and "a" turned
   * into "an" before a vowel.
   *
   * @param object the object's name
   * @return the question
   */
  public String questionText(String object) {
    String text = template;
    if (!object.isEmpty() && "aeiou".indexOf(Character.toLowerCase(object.charAt(0))) >= 0) {
      text = text.replace(" a " + OBJECT_PLACEHOLDER, " an " + OBJECT_PLACEHOLDER);
      if (text.startsWith("a " + OBJECT_PLACEHOLDER)) {
        text = "an " + text.substring(2);
      }
    }
    return text.replace(OBJECT_PLACEHOLDER, object);
  }

  private PopeQuestion question(int id, AnnotatedImage image, String object, YesNo label) {
    return new PopeQuestion(id, image.image(), object, questionText(object), label);
  }

  private static List<String> byCountDescending(Map<String, Integer> counts) {
    // Stream sorting is stable, so ties keep insertion (first appearance) order.
    return counts.entrySet().stream()
        .sorted(Comparator.comparing(Map.Entry<String, Integer>::getValue).reversed())
        .map(Map.Entry::getKey)
        .collect(Collectors.toUnmodifiableList());
  }

  private static @Nullable String firstNotIn(List<String> ranked, Set<String> excluded) {
    for (String object : ranked) {
      if (!excluded.contains(object)) {
        return object;
      }
    }
    return null;
  }

  private static @Nullable String randomNotIn(
      List<String> all, Set<String> excluded, SplittableRandom random) {
    List<String> candidates = new ArrayList<>();
    for (String object : all) {
      if (!excluded.contains(object)) {
        candidates.add(object);
      }
    }
    return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
  }

  @Override
  public String toString() {
    return "PopeSampler(strategy="
        + strategy
        + ", seed="
        + seed
        + ", sampleNum="
        + sampleNum
        + ", template="
        + template
        + ")";
  }

  /** Collects the settings of a {@link PopeSampler}. */
  public static final class Builder {
    private final PopeSampling strategy;
    private final long seed;
    private int sampleNum = 3;
    private String template = "Is there a {object} in the image?";

    private Builder(PopeSampling strategy, long seed) {
      this.strategy = strategy;
      this.seed = seed;
    }

    /**
     * Sets the number of yes questions (and of no questions) per image. Default 3, as POPE.
     *
     * @param sampleNum the number of positive objects per image, at least 1
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder sampleNum(int sampleNum) {
      this.sampleNum = sampleNum;
      return this;
    }

    /**
     * Sets the question template. Default {@code "Is there a {object} in the image?"}, as POPE.
     *
     * @param template a text holding {@value PopeSampler#OBJECT_PLACEHOLDER}
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder template(String template) {
      this.template = template;
      return this;
    }

    /**
     * Validates the settings and builds the sampler.
     *
     * @return an immutable sampler
     * @throws IllegalArgumentException if {@code sampleNum < 1} or the template lacks the
     *     placeholder
     */
    public PopeSampler build() {
      if (sampleNum < 1) {
        throw new IllegalArgumentException("sampleNum must be >= 1, but is: " + sampleNum);
      }
      if (!template.contains(OBJECT_PLACEHOLDER)) {
        throw new IllegalArgumentException(
            "template must contain " + OBJECT_PLACEHOLDER + ", but is: " + template);
      }
      return new PopeSampler(this);
    }
  }
}
