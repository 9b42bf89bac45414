package dev.mia.examples.training;

import dev.mia.core.data.PreferencePair;
import dev.mia.core.io.DatasetReader;
import dev.mia.core.io.RecordStream;
import dev.mia.examples.tiny.TinyLvlm;
import dev.mia.loss.DpoLoss;
import dev.mia.loss.LossType;
import dev.mia.loss.cache.ReferenceLogProbCache;
import dev.mia.loss.train.LearningRateSchedule;
import dev.mia.loss.train.PreferenceCollator;
import dev.mia.loss.train.PreferenceTrainer;
import dev.mia.loss.train.ReferenceLogProbs;
import java.nio.file.Path;
import java.util.List;

/**
 * DPO on a JSONL file of preference pairs (mia's lossless form), with images on disk: the whole
 * loop a user writes on mia's training path. The model is the examples' tiny LVLM; any {@link
 * dev.mia.core.model.TrainableVisionLanguageModel} takes its place.
 *
 * <p>Usage: {@code TrainOnPairs <pairs.jsonl> <image-root> <model-dir> <out-dir>}; the trained
 * model is saved to {@code out-dir/model}, the reference cache kept in {@code out-dir/cache}.
 */
public final class TrainOnPairs {
  private TrainOnPairs() {}

  /**
   * Trains one epoch of batches of 8 pairs, each in 2 micro-batches.
   *
   * @param args pairs file, image root, model folder, output folder
   */
  public static void main(String[] args) {
    if (args.length != 4) {
      System.err.println("usage: TrainOnPairs <pairs.jsonl> <image-root> <model-dir> <out-dir>");
      System.exit(2);
    }
    Path pairsFile = Path.of(args[0]);
    Path imageRoot = Path.of(args[1]);
    Path modelDir = Path.of(args[2]);
    Path outDir = Path.of(args[3]).resolve("model");
    Path cacheDir = Path.of(args[3]).resolve("cache");
    // --- the user code, as in the README: 30 lines or fewer ---
    List<PreferencePair> pairs;
    try (RecordStream<PreferencePair> in = DatasetReader.DEFAULT.readMiaPairs(pairsFile)) {
      pairs = in.stream().toList();
    }
    int batch = 8;
    int steps = (pairs.size() + batch - 1) / batch;
    try (TinyLvlm policy = TinyLvlm.load(modelDir)) { // any TrainableVisionLanguageModel
      PreferenceTrainer trainer =
          PreferenceTrainer.builder(policy, DpoLoss.builder(LossType.SIGMOID).beta(0.1).build())
              .collator(
                  PreferenceCollator.builder(policy.tokenizer())
                      .imageRoot(imageRoot)
                      .maxLength(policy.maxSequenceLength())
                      .build())
              .reference(
                  ReferenceLogProbs.builder(ReferenceLogProbCache.open(cacheDir), policy).build())
              .schedule(LearningRateSchedule.linear(1e-4f, steps, 0.1))
              .listener(System.out::println) // typed StepMetrics, one line a step
              .build();
      trainer.precomputeReference(pairs); // the reference is the policy before step 0
      for (int i = 0; i < pairs.size(); i += batch) {
        List<PreferencePair> step = pairs.subList(i, Math.min(pairs.size(), i + batch));
        trainer.step(step, Math.min(2, step.size())); // 2 micro-batches, one update
      }
      policy.save(outDir);
    }
    // --- end of the user code ---
  }
}
