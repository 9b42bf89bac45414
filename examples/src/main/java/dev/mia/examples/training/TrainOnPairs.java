package dev.mia.examples.training;

import dev.mia.core.data.PreferencePair;
import dev.mia.core.io.DatasetReader;
import dev.mia.core.io.RecordStream;
import dev.mia.examples.CommandLines;
import dev.mia.examples.tiny.TinyLvlm;
import dev.mia.loss.DpoLoss;
import dev.mia.loss.LossType;
import dev.mia.loss.cache.ReferenceLogProbCache;
import dev.mia.loss.train.LearningRateSchedule;
import dev.mia.loss.train.PreferenceCollator;
import dev.mia.loss.train.PreferenceTrainer;
import dev.mia.loss.train.ReferenceLogProbs;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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
   * Trains one epoch of batches of 8 pairs, each in 2 micro-batches; exits 2 on a usage error.
   *
   * @param args pairs file, image root, model folder, output folder; {@code --help} for help
   */
  public static void main(String[] args) {
    int status = run(args, System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Runs the program with the given streams.
   *
   * @param args the command line
   * @param out where the help goes
   * @param err where usage errors go
   * @return the exit status: 0 on success, 2 on a usage error
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return CommandLines.run(
        new Options(),
        args,
        out,
        err,
        o -> {
          train(o.pairs, o.imageRoot, o.model, o.out.resolve("model"), o.out.resolve("cache"));
          return 0;
        });
  }

  private static void train(
      Path pairsFile, Path imageRoot, Path modelDir, Path outDir, Path cacheDir) {
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

  /** The command line. */
  @Command(
      name = "TrainOnPairs",
      usageHelpAutoWidth = true,
      description =
          "DPO of a saved tiny LVLM on a JSONL file of preference pairs (mia's lossless form):"
              + " one epoch of batches of 8 pairs; the model is saved to <out-dir>/model, the"
              + " reference cache kept in <out-dir>/cache.")
  static final class Options {
    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "Print this help and exit.")
    boolean help;

    @Parameters(index = "0", paramLabel = "<pairs.jsonl>", description = "The pairs.")
    Path pairs = Path.of("");

    @Parameters(
        index = "1",
        paramLabel = "<image-root>",
        description = "The folder the pairs' image paths are relative to.")
    Path imageRoot = Path.of("");

    @Parameters(index = "2", paramLabel = "<model-dir>", description = "The saved model to train.")
    Path model = Path.of("");

    @Parameters(index = "3", paramLabel = "<out-dir>", description = "Output folder.")
    Path out = Path.of("");
  }
}
