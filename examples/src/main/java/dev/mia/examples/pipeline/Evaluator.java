package dev.mia.examples.pipeline;

import ai.djl.ndarray.NDManager;
import dev.mia.core.data.MultiImageFormat;
import dev.mia.core.eval.ChairAccumulator;
import dev.mia.core.eval.ChairEvaluator;
import dev.mia.core.eval.ChairResult;
import dev.mia.core.eval.ChairVocabulary;
import dev.mia.core.eval.MultiImageAccumulator;
import dev.mia.core.eval.MultiImageItem;
import dev.mia.core.eval.MultiImageJudge;
import dev.mia.core.eval.MultiImageOutcome;
import dev.mia.core.eval.MultiImageResult;
import dev.mia.core.eval.PopeAccumulator;
import dev.mia.core.eval.PopeResult;
import dev.mia.core.eval.PopeSampling;
import dev.mia.core.eval.YesNo;
import dev.mia.core.model.GenerateOptions;
import dev.mia.core.model.Generated;
import dev.mia.core.model.GenerationRequest;
import dev.mia.examples.tiny.TinyLvlm;
import dev.mia.examples.world.QuestionType;
import dev.mia.examples.world.WorldWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Measures a model on the held-out items with greedy decoding.
 *
 * <p>Metrics (all rates in [0, 1]):
 *
 * <ul>
 *   <li>{@code single/accuracy}: exact match over the single-image existence, colour, count and
 *       position questions (existence answers parsed as POPE's script does);
 *   <li>{@code pope/accuracy}, {@code pope/f1}, {@code pope/yes-ratio} and {@code
 *       pope/<sampling>/accuracy};
 *   <li>{@code colour/accuracy}, {@code count/accuracy}, {@code position/accuracy};
 *   <li>{@code chair/i}, {@code chair/s}, {@code chair/recall} over captions, with the world's
 *       object vocabulary;
 *   <li>{@code multi/accuracy}, {@code multi/sequence-confusion}, {@code
 *       multi/element-interference}, {@code multi/other-wrong}: shares of all multi-image answers
 *       ({@link MultiImageJudge}).
 * </ul>
 */
final class Evaluator {
  private static final GenerateOptions SHORT = GenerateOptions.builder().maxNewTokens(6).build();
  private static final GenerateOptions LONG = GenerateOptions.builder().maxNewTokens(48).build();

  /** The items generated in one call. */
  static final int BATCH = 64;

  private final ChairEvaluator chair;

  Evaluator() {
    try (InputStream in = WorldWriter.class.getResourceAsStream(WorldWriter.SYNONYMS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + WorldWriter.SYNONYMS_RESOURCE);
      }
      chair = ChairEvaluator.of(ChairVocabulary.read(in, WorldWriter.SYNONYMS_RESOURCE));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The metrics and the answers, in item order. */
  record Result(Map<String, Double> metrics, List<String> answers) {}

  /**
   * The greedy answers in item order, generated {@value #BATCH} items at a time (captions and short
   * answers in separate calls, as their length limits differ): the batches depend on the item list
   * only, so the answers are the same on every run.
   */
  private static List<String> answers(TinyLvlm model, List<EvalItem> items, Progress.Bar bar) {
    String[] answers = new String[items.size()];
    try (NDManager manager = NDManager.newBaseManager()) {
      for (int from = 0; from < items.size(); from += BATCH) {
        int to = Math.min(items.size(), from + BATCH);
        for (boolean caption : new boolean[] {false, true}) {
          List<Integer> indices = new ArrayList<>();
          List<GenerationRequest> requests = new ArrayList<>();
          for (int i = from; i < to; i++) {
            if ((items.get(i).type() == QuestionType.CAPTION) == caption) {
              indices.add(i);
              requests.add(GenerationRequest.of(items.get(i).prompt()));
            }
          }
          if (requests.isEmpty()) {
            continue;
          }
          try (NDManager sub = manager.newSubManager()) {
            List<Generated> generated = model.generate(sub, requests, caption ? LONG : SHORT);
            for (int k = 0; k < indices.size(); k++) {
              answers[indices.get(k)] = generated.get(k).text();
            }
          }
        }
        for (int i = from; i < to; i++) {
          bar.step();
        }
      }
    }
    return List.of(answers);
  }

  Result evaluate(TinyLvlm model, List<EvalItem> items, Progress.Bar bar) {
    PopeAccumulator pope = new PopeAccumulator();
    Map<PopeSampling, PopeAccumulator> bySampling = new EnumMap<>(PopeSampling.class);
    Map<QuestionType, int[]> exact = new EnumMap<>(QuestionType.class);
    ChairAccumulator captions = new ChairAccumulator();
    MultiImageAccumulator multi = new MultiImageAccumulator();
    Map<MultiImageFormat, MultiImageAccumulator> byFormat = new EnumMap<>(MultiImageFormat.class);
    // position questions about a scene's only object need no search for the named object; with
    // other objects present, reading any object's position is right about half the time
    int[] positionAlone = new int[2];
    int[] positionAmongOthers = new int[2];
    int singleCorrect = 0;
    int singleTotal = 0;
    List<String> answers = answers(model, items, bar);
    for (int i = 0; i < items.size(); i++) {
      EvalItem item = items.get(i);
      String answer = answers.get(i);
      boolean caption = item.type() == QuestionType.CAPTION;
      if (item.multiImage()) {
        MultiImageOutcome outcome = classify(item, answer);
        multi.add(outcome);
        byFormat
            .computeIfAbsent(
                java.util.Objects.requireNonNull(item.format(), "format"),
                k -> new MultiImageAccumulator())
            .add(outcome);
      } else if (caption) {
        captions.add(chair.score(answer, item.objects()));
      } else {
        boolean correct;
        if (item.type() == QuestionType.EXISTENCE) {
          YesNo label = YesNo.valueOf(item.answer().toUpperCase(Locale.ROOT));
          YesNo predicted = pope.addAnswer(label, answer);
          if (item.sampling() != null) {
            bySampling
                .computeIfAbsent(item.sampling(), k -> new PopeAccumulator())
                .addAnswer(label, answer);
          }
          correct = predicted == label;
        } else {
          correct = normalise(answer).equals(normalise(item.answer()));
          int[] c = exact.computeIfAbsent(item.type(), k -> new int[2]);
          c[0] += correct ? 1 : 0;
          c[1]++;
          if (item.type() == QuestionType.POSITION) {
            int[] p = item.sceneObjects() == 1 ? positionAlone : positionAmongOthers;
            p[0] += correct ? 1 : 0;
            p[1]++;
          }
        }
        singleCorrect += correct ? 1 : 0;
        singleTotal++;
      }
    }
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("single/accuracy", ratio(singleCorrect, singleTotal));
    PopeResult p = pope.snapshot();
    m.put("pope/accuracy", p.total() == 0 ? Double.NaN : p.accuracy());
    m.put("pope/f1", p.total() == 0 ? Double.NaN : p.f1());
    m.put("pope/yes-ratio", p.total() == 0 ? Double.NaN : p.yesRatio());
    for (PopeSampling s : PopeSampling.values()) {
      PopeAccumulator a = bySampling.get(s);
      m.put(
          "pope/" + s.name().toLowerCase(Locale.ROOT) + "/accuracy",
          a == null || a.snapshot().total() == 0 ? Double.NaN : a.snapshot().accuracy());
    }
    for (QuestionType t : List.of(QuestionType.COLOUR, QuestionType.COUNT, QuestionType.POSITION)) {
      int[] c = exact.getOrDefault(t, new int[2]);
      m.put(t.name().toLowerCase(Locale.ROOT) + "/accuracy", ratio(c[0], c[1]));
    }
    m.put("position/one-object/accuracy", ratio(positionAlone[0], positionAlone[1]));
    m.put(
        "position/several-objects/accuracy", ratio(positionAmongOthers[0], positionAmongOthers[1]));
    ChairResult c = captions.snapshot();
    m.put("chair/i", c.chairI());
    m.put("chair/s", c.chairS());
    m.put("chair/recall", c.recall());
    MultiImageResult r = multi.snapshot();
    long total = r.total();
    m.put("multi/accuracy", ratio(r.correct(), total));
    m.put("multi/sequence-confusion", ratio(r.sequenceConfusion(), total));
    m.put("multi/element-interference", ratio(r.elementInterference(), total));
    m.put("multi/other-wrong", ratio(r.otherWrong(), total));
    // MIA-DPO's premise: the model's multi-image errors are mostly confusions between the images
    m.put(
        "multi/premise-share",
        ratio(r.sequenceConfusion() + r.elementInterference(), total - r.correct()));
    for (MultiImageFormat f : MultiImageFormat.values()) {
      MultiImageAccumulator a = byFormat.get(f);
      MultiImageResult fr = a == null ? null : a.snapshot();
      m.put(
          "multi/" + f.name().toLowerCase(Locale.ROOT).replace('_', '-') + "/accuracy",
          fr == null ? Double.NaN : ratio(fr.correct(), fr.total()));
    }
    return new Result(m, answers);
  }

  static MultiImageOutcome classify(EvalItem item, String answer) {
    return MultiImageJudge.DEFAULT.classify(
        new MultiImageItem(item.id(), item.targetIndex(), item.truths(), answer));
  }

  private static String normalise(String text) {
    return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 ]", "").strip();
  }

  private static double ratio(long a, long b) {
    return b == 0 ? Double.NaN : (double) a / b;
  }
}
