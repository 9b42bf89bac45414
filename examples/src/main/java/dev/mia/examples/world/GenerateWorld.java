package dev.mia.examples.world;

import dev.mia.examples.CommandLines;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Writes the synthetic world's train, validation and test splits as LLaVA-style JSON plus PNG files
 * ({@link WorldWriter}).
 *
 * <p>Usage: {@code GenerateWorld [--out dir] [--seed n] [--train n] [--val n] [--test n] [--multi
 * n] [--side px] [--bias p]}. Defaults: {@code target/world}, seed 7, 2000/200/200 scenes, 0
 * multi-image training samples, 48 pixels, bias 0.8. The splits use the seeds {@code seed + 1},
 * {@code seed + 2} and {@code seed + 3}, and the program checks that no scene seed appears in two
 * splits.
 */
public final class GenerateWorld {
  private GenerateWorld() {}

  /**
   * Runs the program.
   *
   * @param args the command line, see the class documentation
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
   * @param out where the summary goes
   * @param err where usage errors go
   * @return the exit status: 0 on success, 2 on a usage error
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return CommandLines.run(new Options(), args, out, err, o -> run(o, out));
  }

  private static int run(Options o, PrintStream out) {
    Path root = o.out;
    long seed = o.seed;
    int train = o.train;
    int val = o.val;
    int test = o.test;
    int multi = o.multi;
    int side = o.side;
    double bias = o.bias;
    try {
      SceneSampler.builder(side).bias(bias).build();
    } catch (IllegalArgumentException e) {
      throw new CommandLines.UsageException(String.valueOf(e.getMessage()));
    }
    SceneSampler sampler = SceneSampler.builder(side).bias(bias).build();
    List<WorldSplit> splits =
        List.of(
            WorldSplit.generate("train", seed + 1, train, sampler),
            WorldSplit.generate("val", seed + 2, val, sampler),
            WorldSplit.generate("test", seed + 3, test, sampler));
    requireDisjoint(splits);
    for (WorldSplit split : splits) {
      WorldWriter.write(split, root);
      out.println(
          split.name()
              + ": "
              + split.scenes().size()
              + " scenes, "
              + split.samples().size()
              + " samples -> "
              + root.resolve(split.name() + ".json"));
    }
    if (multi > 0) {
      List<WorldSample> samples = splits.get(0).multiImageSamples(multi, 3, seed + 4);
      WorldWriter.writeLlava(samples, root.resolve("train_multi.json"));
      out.println("train_multi: " + samples.size() + " samples");
    }
    return 0;
  }

  private static void requireDisjoint(List<WorldSplit> splits) {
    Set<Long> seen = new HashSet<>();
    for (WorldSplit split : splits) {
      for (Scene scene : split.scenes()) {
        if (!seen.add(scene.seed())) {
          throw new IllegalStateException(
              "scene seed " + scene.seed() + " of split " + split.name() + " is in another split");
        }
      }
    }
  }

  /** The command line. */
  @Command(
      name = "GenerateWorld",
      sortOptions = false,
      usageHelpAutoWidth = true,
      description =
          "Writes the synthetic world's train, validation and test splits as LLaVA-style JSON plus PNG files.")
  static final class Options {
    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "Print this help and exit.")
    boolean help;

    @Option(
        names = "--out",
        paramLabel = "DIR",
        description = "Output folder. Default: target/world (under the working directory).")
    Path out = Path.of("target", "world");

    @Option(
        names = "--seed",
        paramLabel = "N",
        description = "Seed; the splits use seed+1, seed+2, seed+3. Default: ${DEFAULT-VALUE}.")
    long seed = 7;

    @Option(
        names = "--train",
        paramLabel = "N",
        description = "Training scenes. Default: ${DEFAULT-VALUE}.")
    int train = 2000;

    @Option(
        names = "--val",
        paramLabel = "N",
        description = "Validation scenes. Default: ${DEFAULT-VALUE}.")
    int val = 200;

    @Option(
        names = "--test",
        paramLabel = "N",
        description = "Test scenes. Default: ${DEFAULT-VALUE}.")
    int test = 200;

    @Option(
        names = "--multi",
        paramLabel = "N",
        description = "Multi-image training samples (train_multi.json). Default: ${DEFAULT-VALUE}.")
    int multi = 0;

    @Option(
        names = "--side",
        paramLabel = "PX",
        description = "Image side in pixels. Default: ${DEFAULT-VALUE}.")
    int side = 48;

    @Option(
        names = "--bias",
        paramLabel = "P",
        description = "Probability of the world's co-occurrence bias. Default: ${DEFAULT-VALUE}.")
    double bias = 0.8;
  }
}
