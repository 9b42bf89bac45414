package dev.mia.selection.testing;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.mia.core.model.GenerateOptions;
import dev.mia.core.model.Generated;
import dev.mia.core.model.GenerationRequest;
import dev.mia.core.model.ImageSpans;
import dev.mia.core.model.ScoreOptions;
import dev.mia.core.model.ScoreRequest;
import dev.mia.core.model.Scored;
import dev.mia.core.model.VisionLanguageModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A {@link VisionLanguageModel} test double that returns scripted log-probs, attention and texts
 * through the SPI records, attached to the caller's manager, and records every call.
 */
public final class ScriptedModel implements VisionLanguageModel {

  /** What one generation request returns. */
  public record Reply(
      String text, float[] stepLogProbs, ImageSpans spans, Map<Integer, float[][][]> attention) {
    /** A reply without attention. */
    public static Reply of(String text, float[] stepLogProbs, ImageSpans spans) {
      return new Reply(text, stepLogProbs, spans, Map.of());
    }
  }

  /** Answers one generation request. */
  @FunctionalInterface
  public interface GenerateScript {
    Reply reply(GenerationRequest request, GenerateOptions options);
  }

  /** Per-token log-probs and spans of one scored request. */
  public record ScoreReply(float[] tokenLogProbs, ImageSpans spans) {}

  /** Answers one score request. */
  @FunctionalInterface
  public interface ScoreScript {
    ScoreReply reply(ScoreRequest request, ScoreOptions options);
  }

  /** One recorded call: its kind, batch size and options. */
  public record Call(String kind, int batchSize, Object options, List<Object> requests) {}

  private final GenerateScript generate;
  private final ScoreScript score;
  private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());

  public ScriptedModel(GenerateScript generate, ScoreScript score) {
    this.generate = requireNonNull(generate);
    this.score = requireNonNull(score);
  }

  public static ScriptedModel generating(GenerateScript generate) {
    return new ScriptedModel(
        generate,
        (r, o) -> {
          throw new UnsupportedOperationException("score is not scripted");
        });
  }

  public static ScriptedModel scoring(ScoreScript score) {
    return new ScriptedModel(
        (r, o) -> {
          throw new UnsupportedOperationException("generate is not scripted");
        },
        score);
  }

  public List<Call> calls() {
    return List.copyOf(calls);
  }

  @Override
  public String id() {
    return "scripted";
  }

  @Override
  public int layerCount() {
    return 32;
  }

  @Override
  public Scored score(NDManager manager, List<ScoreRequest> batch, ScoreOptions options) {
    if (batch.isEmpty()) {
      throw new IllegalArgumentException("batch must not be empty");
    }
    calls.add(new Call("score", batch.size(), options, List.copyOf(batch)));
    List<ScoreReply> replies = new ArrayList<>();
    int longest = 0;
    for (ScoreRequest request : batch) {
      ScoreReply reply = score.reply(request, options);
      replies.add(reply);
      longest = Math.max(longest, reply.tokenLogProbs().length);
    }
    float[] logProbs = new float[batch.size() * longest];
    float[] mask = new float[batch.size() * longest];
    long[] ids = new long[batch.size() * longest];
    List<ImageSpans> spans = new ArrayList<>();
    for (int b = 0; b < replies.size(); b++) {
      float[] row = replies.get(b).tokenLogProbs();
      for (int t = 0; t < row.length; t++) {
        logProbs[b * longest + t] = row[t];
        mask[b * longest + t] = 1f;
        ids[b * longest + t] = t + 1;
      }
      spans.add(replies.get(b).spans());
    }
    Shape shape = new Shape(batch.size(), longest);
    return new Scored(
        manager.create(logProbs, shape),
        manager.create(mask, shape),
        manager.create(ids, shape),
        spans,
        new TreeMap<>(),
        null);
  }

  @Override
  public List<Generated> generate(
      NDManager manager, List<GenerationRequest> batch, GenerateOptions options) {
    if (batch.isEmpty()) {
      throw new IllegalArgumentException("batch must not be empty");
    }
    calls.add(new Call("generate", batch.size(), options, List.copyOf(batch)));
    List<Generated> out = new ArrayList<>();
    for (GenerationRequest request : batch) {
      Reply reply = generate.reply(request, options);
      List<Integer> tokens = new ArrayList<>();
      for (int t = 0; t < reply.stepLogProbs().length; t++) {
        tokens.add(t + 1);
      }
      SortedMap<Integer, NDArray> attention = new TreeMap<>();
      for (Map.Entry<Integer, float[][][]> e : reply.attention().entrySet()) {
        attention.put(e.getKey(), create3d(manager, e.getValue()));
      }
      out.add(
          new Generated(
              tokens,
              reply.text(),
              manager.create(reply.stepLogProbs()),
              reply.spans(),
              attention));
    }
    return out;
  }

  /** Creates a {@code [H, T, K]} array from nested arrays. */
  public static NDArray create3d(NDManager manager, float[][][] maps) {
    int heads = maps.length;
    int rows = maps[0].length;
    int keys = maps[0][0].length;
    float[] flat = new float[heads * rows * keys];
    for (int h = 0; h < heads; h++) {
      for (int t = 0; t < rows; t++) {
        System.arraycopy(maps[h][t], 0, flat, (h * rows + t) * keys, keys);
      }
    }
    return manager.create(flat, new Shape(heads, rows, keys));
  }

  @Override
  public void close() {}
}
