package dev.mia.core.model.torchscript;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.mia.core.model.ImagePreprocessor;
import dev.mia.core.model.ImageSpans;
import dev.mia.core.model.TokenScores;
import dev.mia.core.model.TokenSequence;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link TorchScriptVisionLanguageModel#scoreTokens}: one forward pass of the module as a block in
 * training mode, the answer tokens' log-probs on the autograd graph when a collector records.
 */
final class TokenScorer {
  private final ModuleRunner runner;
  private final ImagePreprocessor images;
  private final int layerCount;

  TokenScorer(ModuleRunner runner, ImagePreprocessor images, int layerCount) {
    this.runner = runner;
    this.images = images;
    this.layerCount = layerCount;
  }

  /** Scores every row's tokens after its prompt; the batch is checked by the caller. */
  TokenScores logProbs(NDManager manager, List<TokenSequence> batch) {
    int rows = batch.size();
    int longest = 0;
    List<List<Integer>> ids = new ArrayList<>(rows);
    List<ImageSpans> spans = new ArrayList<>(rows);
    List<List<BufferedImage>> perRow = new ArrayList<>(rows);
    List<boolean[]> hidden = new ArrayList<>(rows);
    for (TokenSequence row : batch) {
      ids.add(row.ids());
      spans.add(row.imageSpans());
      perRow.add(row.images());
      hidden.add(new boolean[0]);
      longest = Math.max(longest, row.answerLength());
    }
    long[] labels = new long[rows * longest];
    float[] mask = new float[labels.length];
    try (NDManager scope = manager.newSubManager()) {
      ModuleRunner.Outputs out =
          runner.run(
              scope,
              ids,
              spans,
              Pixels.of(images, scope, perRow),
              hidden,
              layerCount,
              ModuleRunner.Mode.TRAINING);
      NDList perRowLogProbs = new NDList(rows);
      for (int b = 0; b < rows; b++) {
        TokenSequence row = batch.get(b);
        int answer = row.answerLength();
        long[] targets = new long[answer];
        for (int t = 0; t < answer; t++) {
          targets[t] = row.ids().get(row.promptLength() + t);
          labels[b * longest + t] = targets[t];
          mask[b * longest + t] = 1f;
        }
        int from = row.promptLength() - 1;
        NDArray logits = out.logits().get(new NDIndex("{}, {}:{}", b, from, from + answer));
        ModuleRunner.requireFinite(logits, "logits predicting the answer of row " + b);
        NDArray lp =
            logits
                .logSoftmax(-1)
                .gather(scope.create(targets).reshape(answer, 1), -1)
                .reshape(answer);
        perRowLogProbs.add(Pixels.padRows(lp, longest, 0));
      }
      NDArray logProbs = NDArrays.stack(perRowLogProbs);
      logProbs.attach(manager);
      return new TokenScores(
          manager.create(mask, new Shape(rows, longest)),
          manager.create(labels, new Shape(rows, longest)),
          logProbs,
          null,
          null,
          null);
    }
  }
}
