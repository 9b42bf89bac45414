package dev.mia.core.model.torchscript;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.mia.core.model.Decoding;
import dev.mia.core.model.EncodedPrompt;
import dev.mia.core.model.GenerateOptions;
import dev.mia.core.model.Generated;
import dev.mia.core.model.GenerationRequest;
import dev.mia.core.model.ImagePreprocessor;
import dev.mia.core.model.ImageSpans;
import dev.mia.core.model.TextTokenizer;
import dev.mia.core.model.TokenSampler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;

/** {@link TorchScriptVisionLanguageModel#generate}: the KV-less loop its javadoc describes. */
final class GenerationLoop {
  private final ModuleRunner runner;
  private final PromptEncoder encoder;
  private final TextTokenizer tokenizer;
  private final ImagePreprocessor images;
  private final int layerCount;
  private final int maxSequenceLength;
  private final int endId;

  GenerationLoop(
      ModuleRunner runner,
      PromptEncoder encoder,
      TextTokenizer tokenizer,
      ImagePreprocessor images,
      int layerCount,
      int maxSequenceLength,
      int endId) {
    this.runner = runner;
    this.encoder = encoder;
    this.tokenizer = tokenizer;
    this.images = images;
    this.layerCount = layerCount;
    this.maxSequenceLength = maxSequenceLength;
    this.endId = endId;
  }

  /** Generates; the call is checked by the caller. */
  List<Generated> run(NDManager manager, List<GenerationRequest> batch, GenerateOptions options) {
    int rows = batch.size();
    List<EncodedPrompt> prompts = new ArrayList<>();
    List<List<Integer>> sequences = new ArrayList<>();
    List<List<Integer>> generated = new ArrayList<>();
    List<List<Float>> stepLogProbs = new ArrayList<>();
    List<SplittableRandom> randoms = new ArrayList<>();
    SplittableRandom root =
        new SplittableRandom(options.decoding() instanceof Decoding.Sampling s ? s.seed() : 0L);
    for (int b = 0; b < rows; b++) {
      EncodedPrompt prompt = encoder.encode(batch.get(b).prompt());
      List<Integer> sequence = new ArrayList<>(prompt.ids());
      sequence.addAll(tokenizer.encode(batch.get(b).answerPrefix()));
      if (sequence.size() >= maxSequenceLength) {
        throw new IllegalArgumentException(
            "request "
                + b
                + " has "
                + sequence.size()
                + " prompt and prefix tokens, but maxSequenceLength is "
                + maxSequenceLength
                + ": no room to generate");
      }
      prompts.add(prompt);
      sequences.add(sequence);
      generated.add(new ArrayList<>());
      stepLogProbs.add(new ArrayList<>());
      randoms.add(root.split());
    }
    List<boolean[]> hidden =
        PromptEncoder.hiddenKeys(prompts, batch.stream().map(r -> r.maskUnder(options)).toList());
    List<ImageSpans> spans = spans(prompts);
    boolean[] done = new boolean[rows];
    List<Integer> starts = sequences.stream().map(List::size).toList();
    try (NDManager scope = manager.newSubManager()) {
      List<NDArray> pixels =
          Pixels.of(images, scope, batch.stream().map(r -> r.prompt().images()).toList());
      for (int step = 0; step < options.maxNewTokens() && !allDone(done); step++) {
        try (NDManager stepScope = scope.newSubManager()) {
          ModuleRunner.Outputs out =
              runner.run(stepScope, sequences, spans, pixels, hidden, layerCount);
          for (int b = 0; b < rows; b++) {
            if (done[b]) {
              continue;
            }
            NDArray last = out.logits().get(new NDIndex("{}, {}", b, sequences.get(b).size() - 1));
            ModuleRunner.requireFinite(
                last, "logits of generation step " + step + " of request " + b);
            float[] lp = last.logSoftmax(-1).toFloatArray();
            int token = TokenSampler.choose(lp, options.decoding(), randoms.get(b));
            if (token == endId) {
              done[b] = true;
              continue;
            }
            generated.get(b).add(token);
            stepLogProbs.get(b).add(lp[token]);
            sequences.get(b).add(token);
            done[b] =
                sequences.get(b).size() >= maxSequenceLength
                    || endsWithStop(generated.get(b), options.stopStrings());
          }
        }
      }
      List<SortedMap<Integer, NDArray>> attention = new ArrayList<>();
      for (int b = 0; b < rows; b++) {
        attention.add(new TreeMap<>());
      }
      if (!options.attentionLayers().isEmpty()) {
        ModuleRunner.Outputs out = runner.run(scope, sequences, spans, pixels, hidden, layerCount);
        for (int b = 0; b < rows; b++) {
          int from = starts.get(b) - 1;
          int to = from + generated.get(b).size();
          for (int layer : options.attentionLayers()) {
            NDArray rowsOf =
                out.attention()
                    .get(layer)
                    .get(new NDIndex("{}, :, {}:{}, :{}", b, from, to, sequences.get(b).size()));
            attention.get(b).put(layer, keep(rowsOf, manager));
          }
        }
      }
      List<Generated> results = new ArrayList<>();
      for (int b = 0; b < rows; b++) {
        float[] lp = new float[stepLogProbs.get(b).size()];
        for (int t = 0; t < lp.length; t++) {
          lp[t] = stepLogProbs.get(b).get(t);
        }
        results.add(
            new Generated(
                generated.get(b),
                tokenizer.decode(generated.get(b)),
                manager.create(lp),
                spans.get(b),
                attention.get(b)));
      }
      return Collections.unmodifiableList(results);
    }
  }

  private static List<ImageSpans> spans(List<EncodedPrompt> prompts) {
    return prompts.stream().map(EncodedPrompt::imageSpans).toList();
  }

  private boolean endsWithStop(List<Integer> tokens, List<String> stops) {
    if (stops.isEmpty()) {
      return false;
    }
    String text = tokenizer.decode(tokens);
    return stops.stream().anyMatch(text::endsWith);
  }

  private static boolean allDone(boolean[] done) {
    for (boolean d : done) {
      if (!d) {
        return false;
      }
    }
    return true;
  }

  private static NDArray keep(NDArray array, NDManager manager) {
    array.attach(manager);
    return array;
  }
}
