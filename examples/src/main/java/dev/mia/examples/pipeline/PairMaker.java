package dev.mia.examples.pipeline;

import ai.djl.ndarray.NDManager;
import dev.mia.core.data.ImageRef;
import dev.mia.core.data.MultiImageSample;
import dev.mia.core.data.PreferencePair;
import dev.mia.core.eval.ImageTruth;
import dev.mia.core.eval.MultiImageItem;
import dev.mia.core.eval.MultiImageJudge;
import dev.mia.core.eval.MultiImageOutcome;
import dev.mia.core.model.GenerateOptions;
import dev.mia.core.model.Prompt;
import dev.mia.core.model.ScoreRequest;
import dev.mia.examples.tiny.TinyLvlm;
import dev.mia.loss.tpo.VisualAnchorWeights;
import dev.mia.loss.train.CollationException;
import dev.mia.loss.train.PreferenceCollator;
import dev.mia.selection.attention.AttentionSelector;
import dev.mia.selection.embed.HashingEmbedder;
import dev.mia.selection.filter.DistinctAnswersFilter;
import dev.mia.selection.filter.EditDistanceFilter;
import dev.mia.selection.filter.FilterChain;
import dev.mia.selection.filter.LengthRatioFilter;
import dev.mia.selection.image.ImageTransform;
import dev.mia.selection.negative.BdhsGenerator;
import dev.mia.selection.negative.ErrorInjectionGenerator;
import dev.mia.selection.negative.ModelAnswerGenerator;
import dev.mia.selection.negative.NegativeGenerator;
import dev.mia.selection.negative.RuleBasedRewriter;
import dev.mia.selection.pipeline.ImageSource;
import dev.mia.selection.pipeline.SelectionPipeline;
import dev.mia.selection.pipeline.SelectionReport;
import dev.mia.selection.vig.AnchorRequest;
import dev.mia.selection.vig.PairAnchors;
import dev.mia.selection.vig.VigRequest;
import dev.mia.selection.vig.VigScore;
import dev.mia.selection.vig.VigScorer;
import dev.mia.selection.vig.VigSelection;
import dev.mia.selection.vig.VisualAnchors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Makes each method's training data from the same multi-image training samples with mia-selection;
 * see {@link Method} for each recipe.
 */
final class PairMaker {
  /** The blur of VIG's "no image" pass; the paper does not publish its sigma. */
  static final double VIG_BLUR_SIGMA = 6.0;

  /**
   * The sources (or pairs) a call generates or scores at once: the batches depend on the list only,
   * so the pairs are the same on every run.
   */
  static final int GENERATION_BATCH = 64;

  /** Filters for generators without log-probs (error injection) or with guided text (BDHS). */
  private static final FilterChain NO_PERPLEXITY =
      FilterChain.of(
          List.of(
              DistinctAnswersFilter.INSTANCE,
              LengthRatioFilter.DEFAULT,
              EditDistanceFilter.DEFAULT));

  private final TinyLvlm model;
  private final long seed;
  private final Progress progress;
  private final List<String> messages = new ArrayList<>();

  private final Map<String, List<ImageTruth>> truths;
  private @Nullable PairSet miaDpoMemo;
  private @Nullable List<MultiImageSample> miaDpoSources;

  PairMaker(TinyLvlm model, long seed, Progress progress, Map<String, List<ImageTruth>> truths) {
    this.model = model;
    this.truths = truths;
    this.seed = seed;
    this.progress = progress;
  }

  /** The attention selector for the tiny model: its middle layer, as MIA-DPO's 16 of 32. */
  AttentionSelector selector() {
    // firstRow 0: the world's answers are mostly one token, and row 0 is the query that chose it.
    return AttentionSelector.builder().layers(model.layerCount() / 2).firstRow(0).build();
  }

  PairSet make(Method method, List<MultiImageSample> sources) {
    // each set reports its own runs' messages (a memoised MIA-DPO set keeps those it was made with)
    messages.clear();
    Map<String, Double> counts = new LinkedHashMap<>();
    counts.put("sources", (double) sources.size());
    return switch (method) {
      case MIA_DPO, MIA_DPO_DDPO -> miaDpo(sources, counts);
      case MIA_DPO_JUDGED -> judged(sources, counts);
      case MIA_DPO_TPO -> anchored(miaDpo(sources, counts));
      case BPO -> {
        int half = sources.size() / 2;
        ModelAnswerGenerator weakened =
            ModelAnswerGenerator.builder()
                .options(GenerateOptions.builder().maxNewTokens(6).build())
                .weaken(ImageTransform.diffusionNoise(900))
                .seed(seed)
                .build();
        List<PreferencePair> pairs = new ArrayList<>();
        pairs.addAll(
            run(
                "bpo weakened images",
                weakened,
                null,
                FilterChain.miaDpoDefaults(),
                sources.subList(0, half),
                counts));
        pairs.addAll(
            run(
                "bpo error injection",
                injection(),
                null,
                NO_PERPLEXITY,
                sources.subList(half, sources.size()),
                counts));
        yield PairSet.pairsOnly(pairs, counts, messages);
      }
      case DDPO ->
          PairSet.pairsOnly(
              run("ddpo error injection", injection(), null, NO_PERPLEXITY, sources, counts),
              counts,
              messages);
      case BDHS -> {
        BdhsGenerator bdhs =
            BdhsGenerator.builder(HashingEmbedder.DEFAULT).maxNewTokens(6).seed(seed).build();
        yield PairSet.pairsOnly(
            run("bdhs negatives", bdhs, null, NO_PERPLEXITY, sources, counts), counts, messages);
      }
      case VIG_SFT -> vig(sources, counts);
      case CONTINUED_SFT ->
          throw new IllegalArgumentException("continued-sft trains on the SFT data, not on pairs");
    };
  }

  private PairSet miaDpo(List<MultiImageSample> sources, Map<String, Double> counts) {
    // MIA-DPO, MIA-DPO + DDPO and TPO-weighted start from the same pairs of the same
    // model: generate them once per PairMaker
    if (miaDpoMemo != null && miaDpoSources == sources) {
      counts.putAll(miaDpoMemo.counts());
      return miaDpoMemo;
    }
    PairSet made = makeMiaDpo(sources, counts);
    miaDpoMemo = made;
    miaDpoSources = sources;
    return made;
  }

  private PairSet makeMiaDpo(List<MultiImageSample> sources, Map<String, Double> counts) {
    AttentionSelector selector = selector();
    ShareRecorder recorder =
        new ShareRecorder(
            ModelAnswerGenerator.builder()
                .options(
                    GenerateOptions.builder()
                        .maxNewTokens(6)
                        .attentionLayers(selector.layers())
                        .build())
                .seed(seed)
                .build(),
            selector);
    List<PreferencePair> pairs =
        run("mia-dpo answers", recorder, selector, FilterChain.miaDpoDefaults(), sources, counts);
    return new PairSet(
        pairs,
        List.of(),
        List.of(),
        counts,
        recorder.kept,
        recorder.dropped,
        List.of(),
        Double.NaN,
        messages);
  }

  /**
   * MIA-DPO's pairs with the attention selection replaced by the world's exact judge, as the
   * paper's ablation replaces it by GPT-4o-mini: every greedy mistake that passes the
   * post-selection filters (per pair, so their order with the selection does not matter) is kept
   * when the truth calls its rejected answer a multi-image error (sequence confusion or element
   * interference). Its own generation pass, because MIA-DPO's pairs are those the attention
   * selection kept.
   */
  private PairSet judged(List<MultiImageSample> sources, Map<String, Double> counts) {
    ModelAnswerGenerator greedy =
        ModelAnswerGenerator.builder()
            .options(GenerateOptions.builder().maxNewTokens(6).build())
            .seed(seed)
            .build();
    List<PreferencePair> candidates =
        run("mia-dpo judged answers", greedy, null, FilterChain.miaDpoDefaults(), sources, counts);
    Map<String, Integer> targets = new HashMap<>();
    for (MultiImageSample s : sources) {
      targets.put(s.id(), s.targetIndex());
    }
    List<PreferencePair> kept = new ArrayList<>();
    for (PreferencePair p : candidates) {
      List<ImageTruth> images = truths.get(p.id());
      if (images == null) {
        throw new IllegalStateException("no truths for pair source " + p.id());
      }
      MultiImageOutcome outcome =
          MultiImageJudge.DEFAULT.classify(
              new MultiImageItem(p.id(), targets.get(p.id()), images, p.rejected()));
      if (outcome == MultiImageOutcome.SEQUENCE_CONFUSION
          || outcome == MultiImageOutcome.ELEMENT_INTERFERENCE) {
        kept.add(p);
      }
    }
    counts.put("select:judge dropped", (double) (candidates.size() - kept.size()));
    counts.put("pairs", (double) kept.size());
    return PairSet.pairsOnly(kept, counts, messages);
  }

  /** TPO's diffusion step for the corrupted image of the visual anchors. */
  static final int TPO_NOISE_STEP = 500;

  /** Gives every pair TPO's visually anchored token weights, scored with the SFT model. */
  private PairSet anchored(PairSet set) {
    VisualAnchors anchors = VisualAnchors.of(ImageTransform.diffusionNoise(TPO_NOISE_STEP), seed);
    List<PreferencePair> weighted = new ArrayList<>();
    Progress.Bar bar = progress.bar("seed " + seed + " tpo anchors", set.pairs().size());
    try (NDManager manager = NDManager.newBaseManager()) {
      List<PreferencePair> pairs = set.pairs();
      for (int i = 0; i < pairs.size(); i += GENERATION_BATCH) {
        List<PreferencePair> chunk = pairs.subList(i, Math.min(pairs.size(), i + GENERATION_BATCH));
        List<AnchorRequest> requests = new ArrayList<>();
        for (PreferencePair p : chunk) {
          requests.add(new AnchorRequest(p.id(), prompt(p), p.chosen(), p.rejected()));
        }
        try (NDManager sub = manager.newSubManager()) {
          List<PairAnchors> scored = anchors.score(sub, model, requests);
          for (int j = 0; j < chunk.size(); j++) {
            weighted.add(
                chunk.get(j).toBuilder()
                    .tokenWeights(
                        VisualAnchorWeights.tokenWeights(
                            scored.get(j).chosen(), scored.get(j).rejected()))
                    .build());
            bar.step();
          }
        }
      }
    }
    bar.done();
    return new PairSet(
        weighted,
        List.of(),
        List.of(),
        set.counts(),
        set.keptShares(),
        set.droppedShares(),
        List.of(),
        Double.NaN,
        set.messages());
  }

  /** The decoded prompt of a pair of the world, whose images are in memory. */
  private static Prompt prompt(PreferencePair p) {
    List<java.awt.image.BufferedImage> images = new ArrayList<>();
    for (ImageRef ref : p.images()) {
      if (!(ref instanceof ImageRef.InMemory memory)) {
        throw new IllegalStateException("pair " + p.id() + " has an image on disk: " + ref);
      }
      images.add(memory.image());
    }
    return new Prompt(images, p.prompt());
  }

  private NegativeGenerator injection() {
    return ErrorInjectionGenerator.of(RuleBasedRewriter.defaults(), seed);
  }

  private List<PreferencePair> run(
      String label,
      NegativeGenerator generator,
      @Nullable AttentionSelector selector,
      FilterChain filters,
      List<MultiImageSample> sources,
      Map<String, Double> counts) {
    SelectionPipeline.Builder builder =
        SelectionPipeline.builder(model, generator).filters(filters).batchSize(GENERATION_BATCH);
    if (selector != null) {
      builder.selector(selector);
    }
    SelectionPipeline pipeline = builder.build();
    List<PreferencePair> out = new ArrayList<>();
    Progress.Bar bar = progress.bar("seed " + seed + " " + label, sources.size());
    PreferenceCollator collator =
        PreferenceCollator.builder(model.tokenizer()).maxLength(model.maxSequenceLength()).build();
    int uncollatable = 0;
    try (NDManager manager = NDManager.newBaseManager()) {
      SelectionPipeline.Run run = pipeline.start(manager);
      List<PreferencePair> kept = new ArrayList<>();
      try (Stream<PreferencePair> pairs =
          run.multiImage(
              sources.stream().peek(s -> bar.step()), ImageSource.fromRoot(Path.of(".")))) {
        pairs.forEach(kept::add);
      }
      bar.done();
      for (PreferencePair p : kept) {
        try {
          collator.collate(p);
          out.add(p);
        } catch (CollationException e) {
          uncollatable++;
        }
      }
      SelectionReport report = run.report();
      messages.addAll(report.errorMessages());
      for (var stage : report.stages()) {
        counts.merge(stage.stage() + " dropped", (double) stage.dropped(), Double::sum);
      }
      counts.merge("inputs", (double) report.inputs(), Double::sum);
      counts.merge("errors", (double) report.errors(), Double::sum);
      counts.merge("selected", (double) report.pairs(), Double::sum);
    }
    counts.merge("uncollatable", (double) uncollatable, Double::sum);
    counts.merge("pairs", (double) out.size(), Double::sum);
    return out;
  }

  private PairSet vig(List<MultiImageSample> sources, Map<String, Double> counts) {
    VigScorer scorer = VigScorer.of(ImageTransform.gaussianBlur(VIG_BLUR_SIGMA), seed);
    List<VigScore> scores = new ArrayList<>();
    List<ScoreRequest> examples = new ArrayList<>();
    Progress.Bar bar = progress.bar("seed " + seed + " vig scoring", sources.size());
    try (NDManager manager = NDManager.newBaseManager()) {
      for (int i = 0; i < sources.size(); i += GENERATION_BATCH) {
        List<VigRequest> batch = new ArrayList<>();
        for (MultiImageSample s :
            sources.subList(i, Math.min(sources.size(), i + GENERATION_BATCH))) {
          String answer = s.conversation().answers().get(0);
          batch.add(new VigRequest(s.id(), WorldData.prompt(s), answer));
          examples.add(new ScoreRequest(WorldData.prompt(s), answer));
          bar.step();
        }
        scores.addAll(scorer.score(manager, model, batch));
      }
    }
    bar.done();
    VigSelection selection = VigSelection.select(scores, VigSelection.DEFAULT_PERCENT);
    List<ScoreRequest> kept = new ArrayList<>();
    List<float[]> masks = new ArrayList<>();
    List<Double> vig = new ArrayList<>();
    for (int i = 0; i < scores.size(); i++) {
      vig.add(scores.get(i).sampleVig());
      var mask = selection.tokenMask(scores.get(i).sampleId());
      if (mask.isPresent()) {
        kept.add(examples.get(i));
        masks.add(mask.get());
      }
    }
    counts.put("scored", (double) scores.size());
    counts.put("selected", (double) kept.size());
    return new PairSet(
        List.of(), kept, masks, counts, List.of(), List.of(), vig, selection.tau(), messages);
  }
}
