package dev.mia.examples.world;

import static java.util.Objects.requireNonNull;

import dev.mia.core.eval.AnnotatedImage;
import dev.mia.core.eval.PopeQuestion;
import dev.mia.core.eval.PopeSampler;
import dev.mia.core.eval.PopeSampling;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A split of the world: its scenes and the questions about them.
 *
 * <p>{@link #generate} draws the scene seeds from {@link SplittableRandom} seeded with the split's
 * seed, so splits made from different seeds have (with overwhelming probability) disjoint scenes;
 * {@link GenerateWorld} checks it. For each scene it writes the questions of {@link
 * QuestionMaker#questions} and two existence questions as POPE samples them ({@link PopeSampler},
 * one positive object per image): scene {@code i} takes its pair from the random, popular or
 * adversarial sampling as {@code i mod 3} is 0, 1 or 2, with frequencies and co-occurrences counted
 * over the whole split, as POPE does.
 *
 * @param name the split's name, e.g. {@code train}; lower-case letters and digits
 * @param scenes the scenes; copied
 * @param samples the single-image questions, scene by scene; copied
 */
public record WorldSplit(String name, List<Scene> scenes, List<WorldSample> samples) {
  /**
   * Validates the split.
   *
   * @param name the split's name, e.g. {@code train}; lower-case letters and digits
   * @param scenes the scenes; copied
   * @param samples the single-image questions, scene by scene; copied
   */
  public WorldSplit {
    requireNonNull(name, "name");
    if (!name.matches("[a-z0-9]+")) {
      throw new IllegalArgumentException(
          "name must be lower-case letters and digits, but is: " + name);
    }
    scenes = List.copyOf(requireNonNull(scenes, "scenes"));
    samples = List.copyOf(requireNonNull(samples, "samples"));
  }

  /**
   * Generates a split.
   *
   * @param name the split's name
   * @param seed the split's seed
   * @param sceneCount the number of scenes, at least 1
   * @param sampler the scene sampler
   * @return the split
   */
  public static WorldSplit generate(String name, long seed, int sceneCount, SceneSampler sampler) {
    if (sceneCount < 1) {
      throw new IllegalArgumentException("sceneCount must be >= 1, but is: " + sceneCount);
    }
    SplittableRandom seeds = new SplittableRandom(seed);
    List<Scene> scenes = new ArrayList<>();
    List<AnnotatedImage> annotated = new ArrayList<>();
    for (int i = 0; i < sceneCount; i++) {
      Scene scene = sampler.sample(seeds.nextLong());
      scenes.add(scene);
      List<String> objects = new ArrayList<>();
      for (Shape shape : scene.presentShapes()) {
        objects.add(shape.word());
      }
      annotated.add(new AnnotatedImage(imagePath(name, i), objects));
    }
    PopeSampling[] strategies = PopeSampling.values();
    List<Map<String, List<PopeQuestion>>> pope = new ArrayList<>();
    for (PopeSampling strategy : strategies) {
      Map<String, List<PopeQuestion>> byImage = new HashMap<>();
      for (PopeQuestion q :
          PopeSampler.builder(strategy, seed).sampleNum(1).build().sample(annotated)) {
        byImage.computeIfAbsent(q.image(), k -> new ArrayList<>()).add(q);
      }
      pope.add(byImage);
    }
    SplittableRandom draws = new SplittableRandom(seed ^ 0x5DEECE66DL);
    List<WorldSample> samples = new ArrayList<>();
    for (int i = 0; i < sceneCount; i++) {
      String path = imagePath(name, i);
      List<WorldQuestion> questions =
          new ArrayList<>(QuestionMaker.questions(scenes.get(i), draws));
      PopeSampling strategy = strategies[i % strategies.length];
      for (PopeQuestion q : pope.get(i % strategies.length).getOrDefault(path, List.of())) {
        questions.add(
            new WorldQuestion(QuestionType.EXISTENCE, q.text(), q.label().word(), strategy));
      }
      for (int k = 0; k < questions.size(); k++) {
        samples.add(
            new WorldSample(
                String.format(Locale.ROOT, "%s-%05d-%02d", name, i, k),
                List.of(i),
                List.of(path),
                questions.get(k)));
      }
    }
    return new WorldSplit(name, scenes, samples);
  }

  /**
   * Returns the relative path of a scene's image file: {@code images/<split>/<index>.png}, the
   * index zero-padded to 5 digits.
   *
   * @param split the split's name
   * @param index the scene's index
   * @return the path, with forward slashes
   */
  public static String imagePath(String split, int index) {
    return String.format(Locale.ROOT, "images/%s/%05d.png", split, index);
  }

  /**
   * Makes multi-image questions: each shows 2 to {@code maxImages} distinct scenes of this split
   * and asks a colour, count or position question about one of them, prefixed with the image's
   * place: {@code In the second image, what colour is the circle?}.
   *
   * @param count the number of samples, at least 0
   * @param maxImages the most images per sample, in [2, 4]
   * @param seed the seed of the draws
   * @return the samples, ids {@code <split>-multi-<index>}
   * @throws IllegalArgumentException if the split has fewer scenes than {@code maxImages}
   */
  public List<WorldSample> multiImageSamples(int count, int maxImages, long seed) {
    if (maxImages < 2 || maxImages > 4) {
      throw new IllegalArgumentException("maxImages must be in [2, 4], but is: " + maxImages);
    }
    if (scenes.size() < maxImages) {
      throw new IllegalArgumentException(
          "the split needs at least maxImages = "
              + maxImages
              + " scenes, but has "
              + scenes.size());
    }
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, but is: " + count);
    }
    SplittableRandom random = new SplittableRandom(seed);
    List<WorldSample> out = new ArrayList<>();
    while (out.size() < count) {
      int images = 2 + random.nextInt(maxImages - 1);
      List<Integer> indices = new ArrayList<>();
      while (indices.size() < images) {
        int index = random.nextInt(scenes.size());
        if (!indices.contains(index)) {
          indices.add(index);
        }
      }
      int target = random.nextInt(images);
      List<WorldQuestion> candidates = new ArrayList<>();
      for (WorldQuestion q : QuestionMaker.questions(scenes.get(indices.get(target)), random)) {
        if (q.type() != QuestionType.CAPTION) {
          candidates.add(q);
        }
      }
      WorldQuestion q = candidates.get(random.nextInt(candidates.size()));
      String text =
          "In the "
              + QuestionMaker.ordinal(target)
              + " image, "
              + Character.toLowerCase(q.text().charAt(0))
              + q.text().substring(1);
      List<String> paths = new ArrayList<>();
      for (int index : indices) {
        paths.add(imagePath(name, index));
      }
      out.add(
          new WorldSample(
              String.format(Locale.ROOT, "%s-multi-%05d", name, out.size()),
              indices,
              paths,
              WorldQuestion.of(q.type(), text, q.answer())));
    }
    return List.copyOf(out);
  }
}
