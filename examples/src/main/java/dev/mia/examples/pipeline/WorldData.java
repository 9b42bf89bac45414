package dev.mia.examples.pipeline;

import dev.mia.core.data.Conversation;
import dev.mia.core.data.ImageRef;
import dev.mia.core.data.MultiImageFormat;
import dev.mia.core.data.MultiImageSample;
import dev.mia.core.data.SftSample;
import dev.mia.core.data.SourceImage;
import dev.mia.core.data.Turn;
import dev.mia.core.eval.ImageTruth;
import dev.mia.core.model.Prompt;
import dev.mia.core.model.ScoreRequest;
import dev.mia.examples.tiny.Grounding;
import dev.mia.examples.tiny.SftExample;
import dev.mia.examples.tiny.WordTokenizer;
import dev.mia.examples.world.QuestionMaker;
import dev.mia.examples.world.QuestionType;
import dev.mia.examples.world.Scene;
import dev.mia.examples.world.SceneObject;
import dev.mia.examples.world.SceneSampler;
import dev.mia.examples.world.Shape;
import dev.mia.examples.world.WorldQuestion;
import dev.mia.examples.world.WorldSample;
import dev.mia.examples.world.WorldSplit;
import dev.mia.formats.Format;
import dev.mia.formats.GridFormat;
import dev.mia.formats.GridShape;
import dev.mia.formats.PicInPicFormat;
import dev.mia.formats.Picture;
import dev.mia.formats.SequenceFormat;
import dev.mia.formats.augment.FormatMix;
import dev.mia.formats.label.LabelStyle;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One seed's data, held in memory: a training and a held-out split of the synthetic world, the SFT
 * examples, the preference pairs' multi-image sources (training split) and the evaluation sets
 * (held-out split). Multi-image samples are made by mia-formats' {@link Format}s from the world's
 * colour, count and position questions, 2 to {@code maxImages} images each.
 *
 * <p>A third split, the validation split (as many scenes as the test split, its own seed), gets
 * evaluation items made the same way; hyperparameters are chosen on it, never on the test split.
 */
final class WorldData {
  /** Grid labels at a one-pixel dot, 9 pixels high, for the tiny model's small tiles. */
  private static final LabelStyle LABEL = new LabelStyle(1, 0x000000, 1, 9);

  final WorldSplit train;
  final WorldSplit test;
  final List<BufferedImage> trainImages;
  final List<BufferedImage> testImages;

  /** The SFT examples' prompts and answers (those of {@link #sftTraining}, in its order). */
  final List<ScoreRequest> sftExamples = new ArrayList<>();

  /**
   * The SFT examples with their groundings: each training question, then the multi-image share,
   * then (with {@link PipelineConfig#sftGroundingWeight()} above 0) each training scene's {@link
   * QuestionMaker#groundingQuestions grounding questions}. With a grounding weight above 0, the
   * questions whose answer rests on one object carry that object's image token (see {@code
   * grounding}).
   */
  final List<SftExample> sftTraining = new ArrayList<>();

  final List<MultiImageSample> pairSources = new ArrayList<>();

  /** Each pair source's per-image truths, by sample id (for the judged MIA-DPO variant). */
  final Map<String, List<ImageTruth>> pairSourceTruths = new HashMap<>();

  final List<EvalItem> evalItems = new ArrayList<>();
  final WorldSplit validation;
  final List<BufferedImage> validationImages;
  final List<EvalItem> validationItems = new ArrayList<>();
  private final Map<String, Scene> scenesByHash = new HashMap<>();
  private final FormatMix mix;
  private final GridFormat grid;

  private WorldData(PipelineConfig config, long seed) {
    mix = mix(config.maxImages(), config.formats());
    grid = grid(config.model().imageSide());
    SceneSampler sampler =
        config.cells()
            ? SceneSampler.builder(config.model().imageSide()).cells(true).build()
            : SceneSampler.builder(config.model().imageSide()).build();
    train = WorldSplit.generate("train", seed * 1_000_003L + 11, config.trainScenes(), sampler);
    test = WorldSplit.generate("test", seed * 1_000_003L + 29, config.testScenes(), sampler);
    trainImages = render(train);
    testImages = render(test);
    Random random = new Random(seed ^ 0x9E3779B97F4A7C15L);
    List<WorldSample> trainQuestions = new ArrayList<>();
    int patch = config.model().patchSize();
    for (WorldSample s : train.samples()) {
      Scene scene = train.scenes().get(s.sceneIndices().get(0));
      sftTraining.add(
          new SftExample(
              single(s, trainImages),
              config.sftGroundingWeight() > 0 ? grounding(scene, s.question(), patch) : null));
      if (multiCandidate(s)) {
        trainQuestions.add(s);
      }
    }
    int multiSft =
        (int)
            Math.round(sftTraining.size() * config.sftMultiShare() / (1 - config.sftMultiShare()));
    for (int i = 0; i < multiSft; i++) {
      MultiImageSample m =
          multi(
                  trainQuestions.get(random.nextInt(trainQuestions.size())),
                  train,
                  trainImages,
                  random)
              .sample();
      sftTraining.add(
          SftExample.of(new ScoreRequest(prompt(m), m.conversation().answers().get(0))));
    }
    for (int i = 0; config.sftGroundingWeight() > 0 && i < train.scenes().size(); i++) {
      Scene scene = train.scenes().get(i);
      for (WorldQuestion q : QuestionMaker.groundingQuestions(scene)) {
        sftTraining.add(
            new SftExample(
                new ScoreRequest(
                    new Prompt(
                        List.of(trainImages.get(i)),
                        Conversation.of(
                            Turn.human(Conversation.IMAGE_PLACEHOLDER + "\n" + q.text()))),
                    q.answer()),
                grounding(scene, q, patch)));
      }
    }
    for (SftExample example : sftTraining) {
      sftExamples.add(example.request());
    }
    // Pair sources are drawn without replacement: their ids must be distinct (VIG selection and
    // the reference cache key on them), and a repeated source would only weigh a pair twice.
    List<WorldSample> pool = new ArrayList<>(trainQuestions);
    pool.removeIf(q -> !config.pairTypes().contains(q.question().type()));
    Collections.shuffle(pool, random);
    for (int i = 0; i < Math.min(config.pairSources(), pool.size()); i++) {
      Built built = multi(pool.get(i), train, trainImages, random);
      pairSources.add(built.sample());
      List<ImageTruth> truths = new ArrayList<>();
      for (Scene scene : built.scenes()) {
        truths.add(truth(scene, pool.get(i).question()));
      }
      pairSourceTruths.put(built.sample().id(), List.copyOf(truths));
    }
    // the test items draw from their own generator, so that they do not change with the SFT data
    // or the number of pair sources (with the shared one, --pairs 1000 gave another test set)
    evalItems.addAll(items(config, test, testImages, new Random(seed ^ 0x2545F4914F6CDD1DL)));
    validation =
        WorldSplit.generate("validation", seed * 1_000_003L + 47, config.testScenes(), sampler);
    validationImages = render(validation);
    validationItems.addAll(
        items(config, validation, validationImages, new Random(seed ^ 0x5DEECE66DL)));
  }

  /** The evaluation items of a held-out split: single-image questions, captions, multi-image. */
  private List<EvalItem> items(
      PipelineConfig config, WorldSplit split, List<BufferedImage> images, Random random) {
    List<EvalItem> result = new ArrayList<>();
    List<WorldSample> testSingle = new ArrayList<>();
    List<WorldSample> testCaptions = new ArrayList<>();
    List<WorldSample> testMulti = new ArrayList<>();
    for (WorldSample s : split.samples()) {
      if (s.question().type() == QuestionType.CAPTION) {
        testCaptions.add(s);
      } else {
        testSingle.add(s);
      }
      if (multiCandidate(s)) {
        testMulti.add(s);
      }
    }
    java.util.Collections.shuffle(testSingle, random);
    java.util.Collections.shuffle(testCaptions, random);
    for (WorldSample s : testSingle.subList(0, Math.min(config.evalSingle(), testSingle.size()))) {
      WorldQuestion q = s.question();
      result.add(
          new EvalItem(
              s.id(),
              single(s, images).prompt(),
              q.answer(),
              q.type(),
              q.popeSampling(),
              Set.of(),
              List.of(),
              0,
              null,
              split.scenes().get(s.sceneIndices().get(0)).objects().size()));
    }
    for (WorldSample s :
        testCaptions.subList(0, Math.min(config.evalCaptions(), testCaptions.size()))) {
      Set<String> objects = new LinkedHashSet<>();
      for (Shape shape : split.scenes().get(s.sceneIndices().get(0)).presentShapes()) {
        objects.add(shape.word());
      }
      result.add(
          new EvalItem(
              s.id(),
              single(s, images).prompt(),
              s.question().answer(),
              QuestionType.CAPTION,
              null,
              objects,
              List.of(),
              0,
              null,
              split.scenes().get(s.sceneIndices().get(0)).objects().size()));
    }
    for (int i = 0; i < config.evalMulti(); i++) {
      WorldSample s = testMulti.get(random.nextInt(testMulti.size()));
      Built built = multi(s, split, images, random);
      MultiImageSample m = built.sample();
      List<ImageTruth> truths = new ArrayList<>();
      for (Scene scene : built.scenes()) {
        truths.add(truth(scene, s.question()));
      }
      result.add(
          new EvalItem(
              m.id() + "-" + i,
              prompt(m),
              m.conversation().answers().get(0),
              s.question().type(),
              null,
              Set.of(),
              truths,
              m.targetIndex(),
              m.layout().format(),
              0));
    }
    return result;
  }

  /**
   * The world's words plus those of the pic-in-pic phrases ({@link
   * PicInPicFormat#DEFAULT_PHRASES}), which the pipeline's prompts use.
   */
  static WordTokenizer tokenizer() {
    Set<String> words = new LinkedHashSet<>(QuestionMaker.vocabulary());
    for (String phrase : PicInPicFormat.DEFAULT_PHRASES) {
      for (String word : phrase.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
        if (!word.isEmpty()) {
          words.add(word);
        }
      }
    }
    return WordTokenizer.of(List.copyOf(words));
  }

  /** MIA-DPO's format and image-count mix without the counts above {@code maxImages}. */
  static FormatMix mix(int maxImages, Set<MultiImageFormat> formats) {
    FormatMix all = FormatMix.miaDpo();
    Map<MultiImageFormat, Double> kept = new java.util.EnumMap<>(MultiImageFormat.class);
    for (MultiImageFormat f : formats) {
      kept.put(f, all.weight(f));
    }
    FormatMix full = all.withFormats(kept);
    return full.withSequenceImageCounts(upTo(full.sequenceImageCounts(), maxImages))
        .withGridImageCounts(upTo(full.gridImageCounts(), maxImages));
  }

  private static Map<Integer, Double> upTo(Map<Integer, Double> weights, int maxImages) {
    Map<Integer, Double> kept = new TreeMap<>(weights);
    kept.keySet().removeIf(count -> count > maxImages);
    return kept;
  }

  /**
   * MIA-DPO's grid scaled to the tiny model: tiles of twice a scene's side (a label, 35 pixels wide
   * at a one-pixel dot, must fit a tile), labels at a one-pixel dot in a margin of 9 pixels (the
   * label's height), and three or four images on a 2x2 canvas instead of a 1x3 or 1x4 row, which
   * the model's square resize would squeeze to slivers.
   */
  static GridFormat grid(int side) {
    return GridFormat.builder()
        .tileSize(2 * side)
        .margin(LABEL.textHeight())
        .label(LABEL)
        .shapes(Map.of(2, new GridShape(1, 2), 3, new GridShape(2, 2), 4, new GridShape(2, 2)))
        .build();
  }

  static WorldData create(PipelineConfig config, long seed) {
    return new WorldData(config, seed);
  }

  private static boolean multiCandidate(WorldSample s) {
    QuestionType type = s.question().type();
    return type == QuestionType.COLOUR
        || type == QuestionType.COUNT
        || type == QuestionType.POSITION;
  }

  private List<BufferedImage> render(WorldSplit split) {
    List<BufferedImage> images = new ArrayList<>();
    for (Scene scene : split.scenes()) {
      BufferedImage image = scene.render();
      images.add(image);
      scenesByHash.put(ImageRef.InMemory.of(image).sha256(), scene);
    }
    return images;
  }

  /**
   * The grounding of a single-image question whose answer rests on one object: a position or colour
   * question, an existence question answered yes or a count question answered one, about a shape
   * present once. It is the patch token under the centre of that object (row-major patches of side
   * {@code patch}), named by the question's word for the shape ({@code circle}, or {@code circles}
   * in a count question); null for every other question.
   */
  private static @Nullable Grounding grounding(Scene scene, WorldQuestion question, int patch) {
    boolean one =
        (question.type() == QuestionType.EXISTENCE && question.answer().equals("yes"))
            || (question.type() == QuestionType.COUNT && question.answer().equals("one"));
    if (question.type() != QuestionType.POSITION
        && question.type() != QuestionType.COLOUR
        && !one) {
      return null;
    }
    for (SceneObject o : scene.objects()) {
      String word = question.type() == QuestionType.COUNT ? o.shape().plural() : o.shape().word();
      if (scene.count(o.shape()) == 1 && question.text().matches(".*\\b" + word + "\\b.*")) {
        int column = scene.side() / patch;
        return new Grounding((o.y() / patch) * column + o.x() / patch, word);
      }
    }
    if (one) {
      return null;
    }
    throw new IllegalStateException(
        "no object of scene " + scene.seed() + " is named by: " + question.text());
  }

  private static ScoreRequest single(WorldSample s, List<BufferedImage> images) {
    SftSample sft = s.toSftSample();
    return new ScoreRequest(
        new Prompt(
            List.of(images.get(s.sceneIndices().get(0))),
            Conversation.of(sft.conversation().turns().get(0))),
        s.question().answer());
  }

  /**
   * A multi-image sample and the scenes it shows, in the order its layout numbers them: the images
   * of a sequence, the tiles of a grid, the background then the inner picture of a pic-in-pic.
   */
  record Built(MultiImageSample sample, List<Scene> scenes) {}

  /**
   * Builds a multi-image sample around a training or test question: the format and the image count
   * are drawn from MIA-DPO's mix ({@link FormatMix#miaDpo()}, counts above {@code maxImages}
   * removed), the companions are other scenes of the same split.
   */
  private Built multi(
      WorldSample target, WorldSplit split, List<BufferedImage> images, Random random) {
    int scene = target.sceneIndices().get(0);
    MultiImageFormat format = mix.drawFormat(random);
    int companions = mix.drawImageCount(format, random) - 1;
    List<BufferedImage> others = new ArrayList<>();
    List<Integer> used = new ArrayList<>(List.of(scene));
    while (others.size() < companions) {
      int other = random.nextInt(split.scenes().size());
      if (!used.contains(other)) {
        used.add(other);
        others.add(images.get(other));
      }
    }
    SftSample sft =
        SftSample.singleImage(
            target.id(),
            ImageRef.InMemory.of(images.get(scene)),
            "<image>\n" + target.question().text(),
            target.question().answer());
    Format builder =
        switch (format) {
          case SEQUENCE -> SequenceFormat.miaDpo();
          case GRID -> grid;
          case PIC_IN_PIC -> PicInPicFormat.miaDpo();
        };
    List<Picture> pictures = new ArrayList<>(others.size());
    for (BufferedImage other : others) {
      pictures.add(Picture.of(other));
    }
    MultiImageSample m =
        builder.build(sft, Picture.of(sft.images().get(0)), pictures, random).get(0);
    // The layout records which scene image went into each place, in the layout's order.
    List<Scene> scenes = new ArrayList<>();
    for (SourceImage source : m.layout().sources()) {
      Scene shown = scenesByHash.get(source.sha256());
      if (shown == null) {
        throw new IllegalStateException("image " + source.id() + " of " + m.id() + " is no scene");
      }
      scenes.add(shown);
    }
    return new Built(m, scenes);
  }

  static Prompt prompt(MultiImageSample m) {
    List<BufferedImage> pixels = new ArrayList<>();
    for (ImageRef ref : m.images()) {
      pixels.add(((ImageRef.InMemory) ref).image());
    }
    return new Prompt(pixels, Conversation.of(m.conversation().turns().get(0)));
  }

  /** What the question would be answered with about a scene, and that scene's attribute words. */
  static ImageTruth truth(Scene scene, WorldQuestion question) {
    Set<String> answers = new LinkedHashSet<>();
    Shape shape = shapeOf(question.text());
    try {
      WorldQuestion asked =
          switch (question.type()) {
            case COLOUR -> QuestionMaker.colour(scene, shape);
            case COUNT -> QuestionMaker.count(scene, shape);
            case POSITION ->
                question.text().contains("left")
                    ? QuestionMaker.horizontal(scene, shape)
                    : QuestionMaker.vertical(scene, shape);
            default ->
                throw new IllegalArgumentException("not a multi-image question: " + question);
          };
      answers.add(asked.answer());
    } catch (IllegalArgumentException absentOrRepeated) {
      // the question has no answer about this scene (the shape is absent or repeated)
    }
    Set<String> attributes = new LinkedHashSet<>();
    for (SceneObject o : scene.objects()) {
      attributes.add(o.colour().word());
      attributes.add(o.shape().word());
      attributes.add(o.horizontal(scene.side()));
      attributes.add(o.vertical(scene.side()));
      attributes.add(QuestionMaker.number(scene.count(o.shape())));
    }
    return new ImageTruth(answers, attributes);
  }

  private static Shape shapeOf(String question) {
    for (String word : question.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
      for (Shape s : Shape.values()) {
        if (s.word().equals(word) || s.plural().equals(word)) {
          return s;
        }
      }
    }
    throw new IllegalArgumentException("no shape in the question: " + question);
  }
}
