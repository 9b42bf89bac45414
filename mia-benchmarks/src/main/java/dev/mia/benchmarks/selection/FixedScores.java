package dev.mia.benchmarks.selection;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.mia.core.model.GenerateOptions;
import dev.mia.core.model.Generated;
import dev.mia.core.model.GenerationRequest;
import dev.mia.core.model.ImageSpans;
import dev.mia.core.model.ScoreOptions;
import dev.mia.core.model.ScoreRequest;
import dev.mia.core.model.Scored;
import dev.mia.core.model.VisionLanguageModel;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;

/**
 * A stand-in model whose {@link #score} returns the same prepared log-probabilities and answer mask
 * {@code [rows, T]} every time, copied into arrays of the caller's manager, so that a benchmark
 * measures what is done with a model's output and not the model. It cannot generate.
 */
final class FixedScores implements VisionLanguageModel {
  private final float[] logProbs;
  private final float[] mask;
  private final Shape shape;

  /**
   * Creates the model.
   *
   * @param logProbs the log-probabilities, row-major {@code [rows, tokens]}; not copied
   * @param mask the answer mask, 0 or 1, the same shape; not copied
   * @param rows the number of rows a call must ask for
   * @param tokens T
   */
  FixedScores(float[] logProbs, float[] mask, int rows, int tokens) {
    if (logProbs.length != rows * tokens || mask.length != rows * tokens) {
      throw new IllegalArgumentException(
          "logProbs and mask must hold " + rows + " x " + tokens + " values");
    }
    this.logProbs = logProbs;
    this.mask = mask;
    this.shape = new Shape(rows, tokens);
  }

  @Override
  public String id() {
    return "fixed-scores";
  }

  @Override
  public int layerCount() {
    return 0;
  }

  @Override
  public Scored score(NDManager manager, List<ScoreRequest> batch, ScoreOptions options) {
    if (batch.size() != shape.get(0)) {
      throw new IllegalArgumentException(
          "this model scores batches of " + shape.get(0) + " rows, but got " + batch.size());
    }
    NDArray values = manager.create(logProbs, shape);
    NDArray answerMask = manager.create(mask, shape);
    NDArray tokenIds = manager.zeros(shape, DataType.INT64);
    return new Scored(
        values,
        answerMask,
        tokenIds,
        Collections.nCopies(batch.size(), ImageSpans.NONE),
        new TreeMap<>(),
        null);
  }

  @Override
  public List<Generated> generate(
      NDManager manager, List<GenerationRequest> batch, GenerateOptions options) {
    throw new UnsupportedOperationException("FixedScores only scores");
  }

  @Override
  public void close() {}
}
