package dev.mia.examples.world;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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
    Path root = Path.of("target", "world");
    long seed = 7;
    int train = 2000;
    int val = 200;
    int test = 200;
    int multi = 0;
    int side = 48;
    double bias = 0.8;
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        err.println("missing value after " + args[i]);
        return 2;
      }
      String value = args[i + 1];
      try {
        switch (args[i]) {
          case "--out" -> root = Path.of(value);
          case "--seed" -> seed = Long.parseLong(value);
          case "--train" -> train = Integer.parseInt(value);
          case "--val" -> val = Integer.parseInt(value);
          case "--test" -> test = Integer.parseInt(value);
          case "--multi" -> multi = Integer.parseInt(value);
          case "--side" -> side = Integer.parseInt(value);
          case "--bias" -> bias = Double.parseDouble(value);
          default -> {
            err.println(
                "unknown option "
                    + args[i]
                    + "; usage: [--out dir] [--seed n] [--train n] [--val n] [--test n]"
                    + " [--multi n] [--side px] [--bias p]");
            return 2;
          }
        }
      } catch (NumberFormatException e) {
        err.println("bad number after " + args[i] + ": " + value);
        return 2;
      }
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
}
