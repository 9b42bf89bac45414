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
import dev.mia.core.model.ImageMask;
import dev.mia.core.model.ImageSpans;
import dev.mia.core.model.TokenSampler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * One batch's generation loop of {@link TinyLvlm}; see its documentation for the rules. Each step
 * is one forward pass over the rows still generating, right-padded to the longest of them.
 */
final class Generation {
  private final TinyLvlm lvlm;
  private final NDManager manager;
  private final GenerateOptions options;
  private final List<Row> rows = new ArrayList<>();

  /** One request's state: its prompt, its growing sequence and what it generated. */
  private static final class Row {
    final ImagePrompt prompt;
    final List<Integer> sequence;
    final int start;
    final SplittableRandom random;
    final ImageMask mask;
    final List<Integer> generated = new ArrayList<>();
    final List<Float> logProbs = new ArrayList<>();
    String text = "";
    boolean done;

    Row(ImagePrompt prompt, List<Integer> sequence, SplittableRandom random, ImageMask mask) {
      this.prompt = prompt;
      this.mask = mask;
      this.sequence = sequence;
      this.start = sequence.size();
      this.random = random;
    }
  }

  Generation(
      TinyLvlm lvlm, NDManager manager, List<GenerationRequest> batch, GenerateOptions options) {
    this.lvlm = lvlm;
    this.manager = manager;
    this.options = options;
    WordTokenizer tokenizer = lvlm.wordTokenizer();
    for (int index = 0; index < batch.size(); index++) {
      GenerationRequest request = batch.get(index);
      ImagePrompt prompt = lvlm.encode(request.prompt());
      List<Integer> sequence = new ArrayList<>(prompt.ids());
      sequence.addAll(tokenizer.encode(request.answerPrefix()));
      lvlm.checkLength(sequence.size());
      long seed =
          options.decoding() instanceof Decoding.Sampling s
              ? s.seed() ^ (index * 0x9E3779B97F4A7C15L)
              : 0L;
      rows.add(new Row(prompt, sequence, new SplittableRandom(seed), request.maskUnder(options)));
    }
  }

  List<Generated> run() {
    WordTokenizer tokenizer = lvlm.wordTokenizer();
    int eos = tokenizer.id(WordTokenizer.EOS);
    int limit = lvlm.config().maxSequenceLength();
    for (Row row : rows) {
      row.done = row.sequence.size() >= limit;
    }
    for (int step = 0; step < options.maxNewTokens(); step++) {
      List<Row> active = new ArrayList<>();
      for (Row row : rows) {
        if (!row.done) {
          active.add(row);
        }
      }
      if (active.isEmpty()) {
        break;
      }
      float[][] logits = lastLogits(active);
      for (int r = 0; r < active.size(); r++) {
        Row row = active.get(r);
        int token =
            TokenSampler.choose(
                logits[r],
                options.decoding(),
                row.random,
                i -> i == eos || !tokenizer.isSpecial(i));
        if (token == eos) {
          row.done = true;
          continue;
        }
        row.generated.add(token);
        row.logProbs.add((float) logSoftmax(logits[r])[token]);
        row.sequence.add(token);
        row.text = tokenizer.decode(row.generated);
        row.done = endsWithStop(row.text) || row.sequence.size() >= limit;
      }
    }
    List<SortedMap<Integer, NDArray>> attention = attention();
    List<Generated> out = new ArrayList<>();
    for (int r = 0; r < rows.size(); r++) {
      Row row = rows.get(r);
      float[] steps = new float[row.logProbs.size()];
      for (int i = 0; i < steps.length; i++) {
        steps[i] = row.logProbs.get(i);
      }
      out.add(
          new Generated(
              row.generated,
              row.text,
              manager.create(steps, new Shape(steps.length)),
              new ImageSpans(row.prompt.spans()),
              attention.get(r)));
    }
    return List.copyOf(out);
  }

  private boolean endsWithStop(String text) {
    for (String stop : options.stopStrings()) {
      if (text.endsWith(stop)) {
        return true;
      }
    }
    return false;
  }

  /** The logits at each row's last position, {@code [rows][V]}. */
  private float[][] lastLogits(List<Row> active) {
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      int b = active.size();
      int v = lvlm.wordTokenizer().size();
      long[] last = new long[b];
      for (int r = 0; r < b; r++) {
        last[r] = active.get(r).sequence.size() - 1L;
      }
      NDArray logits = forward(active).get(0);
      NDArray selected =
          logits.gather(manager.create(last, new Shape(b, 1, 1)).broadcast(b, 1, v), 1);
      TinyLvlm.requireFinite(selected);
      float[] flat = selected.toFloatArray();
      float[][] out = new float[b][];
      for (int r = 0; r < b; r++) {
        out[r] = Arrays.copyOfRange(flat, r * v, (r + 1) * v);
      }
      return out;
    }
  }

  private NDList forward(List<Row> batch) {
    List<ImagePrompt> prompts = new ArrayList<>();
    List<List<Integer>> sequences = new ArrayList<>();
    List<ImageMask> masks = new ArrayList<>();
    int longest = 0;
    for (Row row : batch) {
      prompts.add(row.prompt);
      masks.add(row.mask);
      sequences.add(row.sequence);
      longest = Math.max(longest, row.sequence.size());
    }
    NDList inputs =
        BatchInputs.build(
            manager,
            prompts,
            sequences,
            longest,
            masks,
            lvlm.config(),
            lvlm.wordTokenizer().size());
    return lvlm.forward(inputs);
  }

  /** Each row's attention rows of the queries that produced its generated tokens. */
  private List<SortedMap<Integer, NDArray>> attention() {
    List<SortedMap<Integer, NDArray>> out = new ArrayList<>();
    for (int r = 0; r < rows.size(); r++) {
      out.add(new TreeMap<>());
    }
    if (options.attentionLayers().isEmpty()) {
      return out;
    }
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDList result = forward(rows);
      for (int r = 0; r < rows.size(); r++) {
        Row row = rows.get(r);
        int from = row.start - 1;
        int to = from + row.generated.size();
        for (int layer : options.attentionLayers()) {
          // keys beyond the row's own length are padding: causal, so they got exactly zero
          NDArray slice =
              result
                  .get(1 + layer)
                  .get(r + ", :, " + from + ":" + to + ", :" + row.sequence.size());
          out.get(r).put(layer, TinyLvlm.keep(slice.duplicate(), manager));
        }
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
