package dev.mia.examples.tiny;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.mia.core.model.Decoding;
import dev.mia.core.model.GenerateOptions;
import dev.mia.core.model.Generated;
import dev.mia.core.model.GenerationRequest;
import dev.mia.core.model.ImageSpans;
import dev.mia.core.model.TokenSampler;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;

/** One request's generation loop of {@link TinyLvlm}; see its documentation for the rules. */
final class Generation {
  private final TinyLvlm lvlm;
  private final NDManager manager;
  private final GenerationRequest request;
  private final GenerateOptions options;
  private final SplittableRandom random;

  Generation(
      TinyLvlm lvlm,
      NDManager manager,
      GenerationRequest request,
      GenerateOptions options,
      int index) {
    this.lvlm = lvlm;
    this.manager = manager;
    this.request = request;
    this.options = options;
    long seed =
        options.decoding() instanceof Decoding.Sampling s
            ? s.seed() ^ (index * 0x9E3779B97F4A7C15L)
            : 0L;
    this.random = new SplittableRandom(seed);
  }

  Generated run() {
    WordTokenizer tokenizer = lvlm.wordTokenizer();
    ImagePrompt prompt = lvlm.encode(request.prompt());
    List<Integer> sequence = new ArrayList<>(prompt.ids());
    sequence.addAll(tokenizer.encode(request.answerPrefix()));
    lvlm.checkLength(sequence.size());
    int start = sequence.size();
    int eos = tokenizer.id(WordTokenizer.EOS);
    List<Integer> generated = new ArrayList<>();
    List<Float> logProbs = new ArrayList<>();
    String text = "";
    while (generated.size() < options.maxNewTokens()
        && sequence.size() < lvlm.config().maxSequenceLength()) {
      float[] logits = lastLogits(prompt, sequence);
      double[] logSoftmax = logSoftmax(logits);
      int token =
          TokenSampler.choose(
              logits, options.decoding(), random, i -> i == eos || !tokenizer.isSpecial(i));
      if (token == eos) {
        break;
      }
      generated.add(token);
      logProbs.add((float) logSoftmax[token]);
      sequence.add(token);
      text = tokenizer.decode(generated);
      if (endsWithStop(text)) {
        break;
      }
    }
    float[] steps = new float[logProbs.size()];
    for (int i = 0; i < steps.length; i++) {
      steps[i] = logProbs.get(i);
    }
    SortedMap<Integer, NDArray> attention = attention(prompt, sequence, start, generated.size());
    return new Generated(
        generated,
        text,
        manager.create(steps, new Shape(steps.length)),
        new ImageSpans(prompt.spans()),
        attention);
  }

  private boolean endsWithStop(String text) {
    for (String stop : options.stopStrings()) {
      if (text.endsWith(stop)) {
        return true;
      }
    }
    return false;
  }

  private float[] lastLogits(ImagePrompt prompt, List<Integer> sequence) {
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDList out = forward(prompt, sequence);
      NDArray last = out.get(0).get("0, -1, :");
      TinyLvlm.requireFinite(last);
      return last.toFloatArray();
    }
  }

  private NDList forward(ImagePrompt prompt, List<Integer> sequence) {
    NDList inputs =
        BatchInputs.build(
            manager,
            List.of(prompt),
            List.of(sequence),
            sequence.size(),
            options.imageMask(),
            lvlm.config(),
            lvlm.wordTokenizer().size());
    return lvlm.forward(inputs);
  }

  private SortedMap<Integer, NDArray> attention(
      ImagePrompt prompt, List<Integer> sequence, int start, int count) {
    SortedMap<Integer, NDArray> out = new TreeMap<>();
    if (options.attentionLayers().isEmpty()) {
      return out;
    }
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDList result = forward(prompt, sequence);
      for (int layer : options.attentionLayers()) {
        // rows start - 1 .. start - 2 + count: the queries that produced the generated tokens
        NDArray rows =
            result.get(1 + layer).get("0, :, " + (start - 1) + ":" + (start - 1 + count) + ", :");
        out.put(layer, TinyLvlm.keep(rows.duplicate(), manager));
      }
    }
    return out;
  }

  private static double[] logSoftmax(float[] logits) {
    double max = Double.NEGATIVE_INFINITY;
    for (float l : logits) {
      max = Math.max(max, l);
    }
    double sum = 0;
    for (float l : logits) {
      sum += Math.exp(l - max);
    }
    double log = Math.log(sum) + max;
    double[] out = new double[logits.length];
    for (int i = 0; i < logits.length; i++) {
      out[i] = logits[i] - log;
    }
    return out;
  }
}
