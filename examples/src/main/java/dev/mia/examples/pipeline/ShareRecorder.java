package dev.mia.examples.pipeline;

import ai.djl.ndarray.NDManager;
import dev.mia.core.MiaException;
import dev.mia.core.model.VisionLanguageModel;
import dev.mia.selection.SelectionInput;
import dev.mia.selection.Verdict;
import dev.mia.selection.attention.AttentionSelector;
import dev.mia.selection.negative.Negative;
import dev.mia.selection.negative.NegativeGenerator;
import java.util.ArrayList;
import java.util.List;

/**
 * Passes a generator's negatives through unchanged and records, for each, the target attention
 * share the attention selector sees and whether it keeps the answer, for the report's histogram
 * (the pipeline's report only counts them).
 */
final class ShareRecorder implements NegativeGenerator {
  private final NegativeGenerator delegate;
  private final AttentionSelector selector;
  final List<Double> kept = new ArrayList<>();
  final List<Double> dropped = new ArrayList<>();

  ShareRecorder(NegativeGenerator delegate, AttentionSelector selector) {
    this.delegate = delegate;
    this.selector = selector;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public List<Negative> generate(
      NDManager manager, VisionLanguageModel model, List<SelectionInput> batch) {
    List<Negative> negatives = delegate.generate(manager, model, batch);
    for (int i = 0; i < negatives.size(); i++) {
      SelectionInput input = batch.get(i);
      negatives
          .get(i)
          .generated()
          .ifPresent(
              g -> {
                try {
                  Verdict v = selector.select(input.id(), input.layout(), input.targetIndex(), g);
                  Double share = v.scores().get("attention-share");
                  if (share != null && !share.isNaN()) {
                    (v instanceof Verdict.Keep ? kept : dropped).add(share);
                  }
                } catch (MiaException e) {
                  // the pipeline reports this sample's error itself
                }
              });
    }
    return negatives;
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
