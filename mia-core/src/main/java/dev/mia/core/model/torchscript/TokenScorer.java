package dev.mia.core.model.torchscript;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.mia.core.ModelContractException;
import dev.mia.core.model.ImagePreprocessor;
import dev.mia.core.model.ImageSpans;
import dev.mia.core.model.TokenScores;
import dev.mia.core.model.TokenSequence;
import dev.mia.core.tensor.OwnedCopy;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@link TorchScriptVisionLanguageModel#scoreTokens}: one forward pass of the module as a block in
 * training mode, the answer tokens' log-probs on the autograd graph when a collector records.
 */
final class TokenScorer {
  private final ModuleRunner runner;
  private final ImagePreprocessor images;
  private final int layerCount;
  private final @Nullable OutputProjection projection;

  TokenScorer(
      ModuleRunner runner,
      ImagePreprocessor images,
      int layerCount,
      @Nullable OutputProjection projection) {
    this.runner = runner;
    this.images = images;
    this.layerCount = layerCount;
    this.projection = projection;
  }

  boolean hasProjection() {
    return projection != null;
  }

  /** Scores every row's tokens after its prompt; the batch is checked by the caller. */
  TokenScores logProbs(NDManager manager, List<TokenSequence> batch) {
    return score(manager, batch, false);
  }

  /** The final hidden states predicting every answer token, and the output projection. */
  TokenScores hiddenStates(NDManager manager, List<TokenSequence> batch) {
    return score(manager, batch, true);
  }

  private TokenScores score(NDManager manager, List<TokenSequence> batch, boolean hiddenStates) {
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
      NDArray states = out.hiddenStates();
      if (hiddenStates && states == null) {
        throw new ModelContractException(
            "the TorchScript module returned no final hidden states, but did at load");
      }
      NDList perRowValues = new NDList(rows);
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
        if (hiddenStates) {
          NDArray h = requireNonNull(states).get(new NDIndex("{}, {}:{}", b, from, from + answer));
          perRowValues.add(Pixels.padRows(h, longest, 0));
        } else {
          NDArray lp =
              logits
                  .logSoftmax(-1)
                  .gather(OwnedCopy.of(scope, targets, new Shape(answer, 1)), -1)
                  .reshape(answer);
          perRowValues.add(Pixels.padRows(lp, longest, 0));
        }
      }
      NDArray values = NDArrays.stack(perRowValues);
      values.attach(manager);
      NDArray maskArray = manager.create(mask, new Shape(rows, longest));
      NDArray labelArray = manager.create(labels, new Shape(rows, longest));
      if (!hiddenStates) {
        return new TokenScores(maskArray, labelArray, values, null, null, null);
      }
      OutputProjection p = requireNonNull(projection);
      return new TokenScores(
          maskArray,
          labelArray,
          null,
          values,
          view(p.weight(), manager),
          p.bias() == null ? null : view(p.bias(), manager));
    }
  }

  /** A view of a parameter on the autograd graph, owned by {@code manager}. */
  private static NDArray view(Parameter parameter, NDManager manager) {
    NDArray array = parameter.getArray();
    NDArray view = array.reshape(array.getShape());
    view.attach(manager);
    return view;
  }
}
