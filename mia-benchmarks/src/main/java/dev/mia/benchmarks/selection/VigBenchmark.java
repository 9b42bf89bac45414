package dev.mia.benchmarks.selection;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.mia.core.data.Conversation;
import dev.mia.core.data.Role;
import dev.mia.core.data.Turn;
import dev.mia.core.model.Prompt;
import dev.mia.core.model.ScoreOptions;
import dev.mia.core.model.ScoreRequest;
import dev.mia.core.model.Scored;
import dev.mia.selection.image.ImageTransform;
import dev.mia.selection.vig.VigRequest;
import dev.mia.selection.vig.VigScore;
import dev.mia.selection.vig.VigScorer;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Visual information gain (Lee and Hwang, arXiv 2602.17186) of {@code batch} answers of up to
 * {@code tokens} tokens from the two log-prob passes {@code [B, T]} (with the image, with the
 * weakened image) and their masks: {@link VigScorer#score} (per-token and sample VIG, with its
 * mask-agreement and finiteness checks) against a plain-Java loop in double over {@code float[]}
 * copies of the same arrays.
 *
 * <p>The model is a stand-in ({@link FixedScores}) that returns prepared log-probabilities, and the
 * weakening transform is the identity on a 2x2 image, so both sides measure only what is done with
 * the model's output: one call that returns {@code [2B, T]}, the copy to the host and the
 * reduction. Answer lengths are drawn between {@code T/4} and {@code T} (seed 9).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class VigBenchmark {
  /** The number of samples B. */
  @Param({"64"})
  public int batch;

  /** The padded answer length T. */
  @Param({"256"})
  public int tokens;

  private final VigScorer scorer =
      VigScorer.of(ImageTransform.of("identity", UnaryOperator.identity()), 3);
  private @Nullable NDManager manager;
  private @Nullable FixedScores model;
  private List<VigRequest> requests = List.of();

  /** Creates the benchmark; JMH calls it. */
  public VigBenchmark() {}

  /** Draws the two passes' log-probabilities and builds the requests. */
  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom random = new SplittableRandom(9);
    int rows = 2 * batch;
    float[] logProbs = new float[rows * tokens];
    float[] mask = new float[rows * tokens];
    for (int b = 0; b < batch; b++) {
      int length = tokens / 4 + random.nextInt(tokens - tokens / 4 + 1);
      for (int t = 0; t < length; t++) {
        float with = (float) -Math.abs(random.nextGaussian() * 1.5);
        float blind = with - (float) (0.3 + 0.5 * random.nextGaussian());
        logProbs[b * tokens + t] = with;
        logProbs[(b + batch) * tokens + t] = Math.min(0f, blind);
        mask[b * tokens + t] = 1f;
        mask[(b + batch) * tokens + t] = 1f;
      }
    }
    model = new FixedScores(logProbs, mask, rows, tokens);
    manager = NDManager.newBaseManager();
    BufferedImage image = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
    Prompt prompt =
        new Prompt(
            List.of(image),
            Conversation.of(
                new Turn(Role.HUMAN, Conversation.IMAGE_PLACEHOLDER + "\nWhat is it?")));
    List<VigRequest> list = new ArrayList<>();
    for (int b = 0; b < batch; b++) {
      list.add(new VigRequest("sample-" + b, prompt, "An answer."));
    }
    requests = List.copyOf(list);
  }

  /** Frees the manager. */
  @TearDown(Level.Trial)
  public void tearDown() {
    if (manager != null) {
      manager.close();
    }
  }

  private NDManager manager() {
    if (manager == null) {
      throw new IllegalStateException("setUp has not run");
    }
    return manager;
  }

  private FixedScores model() {
    if (model == null) {
      throw new IllegalStateException("setUp has not run");
    }
    return model;
  }

  /**
   * mia: the scorer.
   *
   * @return the scores
   */
  @Benchmark
  public List<VigScore> mia_vig() {
    return scorer.score(manager(), model(), requests);
  }

  /**
   * Baseline: the same model call, host copies and a double loop.
   *
   * @return the per-token and sample VIGs
   */
  @Benchmark
  public HostVig baseline_vig() {
    List<ScoreRequest> score = new ArrayList<>(2 * requests.size());
    for (VigRequest request : requests) {
      score.add(new ScoreRequest(request.prompt(), request.answer()));
    }
    for (VigRequest request : requests) {
      score.add(new ScoreRequest(request.prompt(), request.answer()));
    }
    float[] logProbs;
    float[] mask;
    try (NDManager sub = manager().newSubManager()) {
      Scored scored = model().score(sub, score, ScoreOptions.DEFAULT);
      logProbs = scored.tokenLogProbs().toType(DataType.FLOAT32, false).toFloatArray();
      mask = scored.answerMask().toType(DataType.FLOAT32, false).toFloatArray();
    }
    double[] sampleVig = new double[batch];
    float[][] tokenVig = new float[batch][];
    for (int b = 0; b < batch; b++) {
      int with = b * tokens;
      int without = (b + batch) * tokens;
      float[] gains = new float[tokens];
      int count = 0;
      double sum = 0;
      for (int t = 0; t < tokens; t++) {
        if (mask[with + t] != 0) {
          float gain = logProbs[with + t] - logProbs[without + t];
          gains[count++] = gain;
          sum += gain;
        }
      }
      tokenVig[b] = Arrays.copyOf(gains, count);
      sampleVig[b] = sum / count;
    }
    return new HostVig(tokenVig, sampleVig);
  }

  /**
   * The baseline's result.
   *
   * @param tokenVig per sample, the gains of its answer tokens
   * @param sampleVig per sample, the mean gain
   */
  public record HostVig(float[][] tokenVig, double[] sampleVig) {}
}
