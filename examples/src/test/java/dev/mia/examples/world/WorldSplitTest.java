package dev.mia.examples.world;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mia.core.data.SftSample;
import dev.mia.core.eval.ChairVocabulary;
import dev.mia.core.eval.PopeSampling;
import dev.mia.core.io.DatasetReader;
import dev.mia.core.io.RecordStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorldSplitTest {
  private static final Pattern COLOUR = Pattern.compile("What colour is the (\\w+)\\?");
  private static final Pattern COUNT = Pattern.compile("How many (\\w+) are there\\?");
  private static final Pattern LEFT_RIGHT =
      Pattern.compile("Is the (\\w+) on the left or on the right\\?");
  private static final Pattern TOP_BOTTOM =
      Pattern.compile("Is the (\\w+) at the top or at the bottom\\?");
  private static final Pattern EXISTS = Pattern.compile("Is there an? (\\w+) in the image\\?");
  private static final Pattern CAPTION_OBJECT =
      Pattern.compile("a (small|large) (\\w+) (\\w+) at the (top|bottom) (left|right)");
  private static final List<String> NUMBERS =
      List.of("zero", "one", "two", "three", "four", "five", "six");

  private final SceneSampler sampler = SceneSampler.builder(48).build();

  @Test
  void every_answer_is_correct_against_the_scene() {
    WorldSplit split = WorldSplit.generate("train", 11, 300, sampler);
    Set<QuestionType> seen = EnumSet.noneOf(QuestionType.class);
    Set<PopeSampling> samplings = EnumSet.noneOf(PopeSampling.class);
    for (WorldSample sample : split.samples()) {
      Scene scene = split.scenes().get(sample.sceneIndices().get(0));
      WorldQuestion q = sample.question();
      assertThat(q.answer()).as(sample.id()).isEqualTo(independentAnswer(scene, q.text()));
      seen.add(q.type());
      if (q.popeSampling() != null) {
        samplings.add(q.popeSampling());
      }
    }
    assertThat(seen).containsExactlyInAnyOrder(QuestionType.values());
    assertThat(samplings).containsExactlyInAnyOrder(PopeSampling.values());
  }

  @Test
  void multi_image_answers_are_about_the_named_image() {
    WorldSplit split = WorldSplit.generate("train", 12, 50, sampler);
    List<String> ordinals = List.of("first", "second", "third");
    for (WorldSample sample : split.multiImageSamples(200, 3, 5)) {
      Matcher m = Pattern.compile("In the (\\w+) image, (.)(.*)").matcher(sample.question().text());
      assertThat(m.matches()).isTrue();
      int target = ordinals.indexOf(m.group(1));
      Scene scene = split.scenes().get(sample.sceneIndices().get(target));
      String question = m.group(2).toUpperCase(java.util.Locale.ROOT) + m.group(3);
      assertThat(sample.question().answer()).isEqualTo(independentAnswer(scene, question));
      assertThat(sample.toSftSample().images()).hasSize(sample.sceneIndices().size());
    }
  }

  @Test
  void splits_from_different_seeds_share_no_scene() {
    Set<Long> train = seeds(WorldSplit.generate("train", 1, 500, sampler));
    Set<Long> test = seeds(WorldSplit.generate("test", 2, 500, sampler));
    assertThat(train).hasSize(500).doesNotContainAnyElementsOf(test);
  }

  @Test
  void written_world_reads_back_as_llava_data(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status =
        GenerateWorld.run(
            new String[] {
              "--out", dir.toString(), "--train", "20", "--val", "5", "--test", "5", "--multi", "4"
            },
            new PrintStream(out, true, StandardCharsets.UTF_8),
            System.err);
    assertThat(status).isZero();
    WorldSplit expected = WorldSplit.generate("train", 8, 20, sampler);
    List<SftSample> read = new ArrayList<>();
    try (RecordStream<SftSample> samples =
        DatasetReader.DEFAULT.readLlava(dir.resolve("train.json"))) {
      samples.forEachRemaining(read::add);
    }
    assertThat(read).hasSize(expected.samples().size());
    for (int i = 0; i < read.size(); i++) {
      assertThat(read.get(i)).isEqualTo(expected.samples().get(i).toSftSample());
    }
    assertThat(dir.resolve("images/train/00019.png")).exists();
    assertThat(dir.resolve("test.objects.jsonl")).exists();
    try (RecordStream<SftSample> multi =
        DatasetReader.DEFAULT.readLlava(dir.resolve("train_multi.json"))) {
      assertThat(multi.next().images().size()).isGreaterThan(1);
    }
    ChairVocabulary vocabulary = ChairVocabulary.load(dir.resolve("world-synonyms.txt"));
    assertThat(vocabulary.categories())
        .containsExactly("circle", "square", "triangle", "diamond", "cross");
    assertThat(vocabulary.categoriesIn("there are two crosses and a large red circle."))
        .containsExactlyInAnyOrder("cross", "circle");
    assertThat(Files.readString(dir.resolve("train.json"))).startsWith("[");
  }

  private static Set<Long> seeds(WorldSplit split) {
    Set<Long> seeds = new java.util.HashSet<>();
    for (Scene scene : split.scenes()) {
      seeds.add(scene.seed());
    }
    return seeds;
  }

  /** Answers a question from the scene's objects, parsing the text; written apart from the code. */
  private static String independentAnswer(Scene scene, String text) {
    Matcher m;
    if ((m = COLOUR.matcher(text)).matches()) {
      List<SceneObject> found = withWord(scene, m.group(1));
      assertThat(found).hasSize(1);
      return found.get(0).colour().name().toLowerCase(java.util.Locale.ROOT);
    }
    if ((m = COUNT.matcher(text)).matches()) {
      int n = 0;
      for (SceneObject o : scene.objects()) {
        n += o.shape().plural().equals(m.group(1)) ? 1 : 0;
      }
      return NUMBERS.get(n);
    }
    if ((m = LEFT_RIGHT.matcher(text)).matches()) {
      List<SceneObject> found = withWord(scene, m.group(1));
      assertThat(found).hasSize(1);
      return found.get(0).x() < scene.side() / 2 ? "left" : "right";
    }
    if ((m = TOP_BOTTOM.matcher(text)).matches()) {
      List<SceneObject> found = withWord(scene, m.group(1));
      assertThat(found).hasSize(1);
      return found.get(0).y() < scene.side() / 2 ? "top" : "bottom";
    }
    if ((m = EXISTS.matcher(text)).matches()) {
      return withWord(scene, m.group(1)).isEmpty() ? "no" : "yes";
    }
    assertThat(text).isEqualTo("Describe the image.");
    return caption(scene);
  }

  private static String caption(Scene scene) {
    // the caption lists the objects left to right; rebuild it from the objects sorted by x
    List<SceneObject> objects = new ArrayList<>(scene.objects());
    objects.sort((a, b) -> a.x() != b.x() ? a.x() - b.x() : a.y() - b.y());
    List<String> parts = new ArrayList<>();
    for (SceneObject o : objects) {
      String part =
          "a "
              + (o.size() == Size.SMALL ? "small" : "large")
              + " "
              + o.colour().name().toLowerCase(java.util.Locale.ROOT)
              + " "
              + o.shape().name().toLowerCase(java.util.Locale.ROOT)
              + " at the "
              + (o.y() < scene.side() / 2 ? "top" : "bottom")
              + " "
              + (o.x() < scene.side() / 2 ? "left" : "right");
      assertThat(CAPTION_OBJECT.matcher(part).matches()).isTrue();
      parts.add(part);
    }
    if (parts.size() == 1) {
      return "there is " + parts.get(0) + ".";
    }
    return "there are "
        + NUMBERS.get(parts.size())
        + " objects: "
        + String.join(", ", parts.subList(0, parts.size() - 1))
        + " and "
        + parts.get(parts.size() - 1)
        + ".";
  }

  private static List<SceneObject> withWord(Scene scene, String word) {
    List<SceneObject> found = new ArrayList<>();
    for (SceneObject o : scene.objects()) {
      if (o.shape().name().toLowerCase(java.util.Locale.ROOT).equals(word)) {
        found.add(o);
      }
    }
    return found;
  }
}
