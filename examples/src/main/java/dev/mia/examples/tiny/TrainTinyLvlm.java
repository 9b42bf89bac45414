package dev.mia.examples.tiny;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mia.core.data.Conversation;
import dev.mia.core.data.ImageRef;
import dev.mia.core.data.SftSample;
import dev.mia.core.image.ImageLoader;
import dev.mia.core.io.DatasetReader;
import dev.mia.core.io.RecordStream;
import dev.mia.core.model.GenerateOptions;
import dev.mia.core.model.Generated;
import dev.mia.core.model.GenerationRequest;
import dev.mia.core.model.Prompt;
import dev.mia.core.model.ScoreRequest;
import dev.mia.examples.CommandLines;
import dev.mia.examples.world.GenerateWorld;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Trains the default {@link TinyLvlm} on the synthetic world, prints the held-out accuracy per
 * question type (exact match of the greedy answer) and saves the model.
 *
 * <p>Usage: {@code TrainTinyLvlm [--world dir] [--out dir] [--steps n] [--batch n] [--lr x] [--seed
 * n] [--multi n] [--eval n]}. Defaults: {@code target/world} (generated with {@link
 * GenerateWorld}'s defaults if it has no {@code train.json}), {@code target/tiny-lvlm}, 1500 steps
 * of 32, learning rate 0.001, seed 0, no multi-image data ({@code --multi n} adds the first {@code
 * n} samples of {@code train_multi.json}), 1000 held-out samples evaluated.
 */
public final class TrainTinyLvlm {
  private TrainTinyLvlm() {}

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
   * @param out where progress and results go
   * @param err where usage errors go
   * @return the exit status: 0 on success, 2 on a usage error
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return CommandLines.run(new Options(), args, out, err, o -> run(o, out, err));
  }

  private static int run(Options o, PrintStream out, PrintStream err) {
    Path world = o.world;
    Path modelDir = o.out;
    TinyLvlmTrainer.Builder trainer = TinyLvlmTrainer.builder();
    try {
      trainer.steps(o.steps).batchSize(o.batch).learningRate(o.lr);
    } catch (IllegalArgumentException e) {
      throw new CommandLines.UsageException(String.valueOf(e.getMessage()));
    }
    long seed = o.seed;
    int multi = o.multi;
    int evalCount = o.eval;
    if (!Files.exists(world.resolve("train.json"))) {
      int status = GenerateWorld.run(new String[] {"--out", world.toString()}, out, err);
      if (status != 0) {
        return status;
      }
    }
    Map<Path, BufferedImage> images = new HashMap<>();
    List<ScoreRequest> train = examples(world, "train.json", Integer.MAX_VALUE, images);
    if (multi > 0) {
      train.addAll(examples(world, "train_multi.json", multi, images));
    }
    List<ScoreRequest> test = examples(world, "test.json", evalCount, images);
    Map<String, String> types = types(world.resolve("test.questions.jsonl"));
    List<String> testIds = ids(world.resolve("test.json"), evalCount);
    long t0 = System.nanoTime();
    long stepStart = t0;
    TinyLvlmTrainer built =
        trainer
            .seed(seed)
            .onStep(
                (step, loss) -> {
                  if (step % 100 == 0) {
                    out.printf(
                        Locale.ROOT,
                        "step %d loss %.4f (%.0f s)%n",
                        step,
                        loss,
                        (System.nanoTime() - stepStart) / 1e9);
                  }
                })
            .build();
    out.println("training " + built + " on " + train.size() + " examples");
    try (TinyLvlm lvlm =
            TinyLvlm.create(TinyLvlmConfig.builder().build(), WordTokenizer.forWorld(), seed);
        NDManager manager = NDManager.newBaseManager()) {
      TrainingLog log = built.train(lvlm, train);
      double trainSeconds = (System.nanoTime() - t0) / 1e9;
      out.printf(
          Locale.ROOT,
          "trained in %.1f s; mean loss of the last 50 steps %.4f%n",
          trainSeconds,
          log.meanLoss(Math.max(0, log.losses().size() - 50), log.losses().size()));
      lvlm.save(modelDir);
      out.println("saved to " + modelDir + " as " + lvlm.id());
      Map<String, int[]> byType = new TreeMap<>();
      GenerateOptions options = GenerateOptions.builder().maxNewTokens(48).build();
      for (int i = 0; i < test.size(); i++) {
        Generated g =
            lvlm.generate(manager, List.of(GenerationRequest.of(test.get(i).prompt())), options)
                .get(0);
        g.stepLogProbs().close();
        String type = types.getOrDefault(testIds.get(i), "unknown");
        int[] counts = byType.computeIfAbsent(type, k -> new int[2]);
        counts[0] += g.text().equals(test.get(i).answer()) ? 1 : 0;
        counts[1]++;
      }
      out.println("held-out exact-match accuracy (greedy):");
      byType.forEach(
          (type, c) ->
              out.printf(
                  Locale.ROOT,
                  "  %-10s %5d / %5d = %.3f%n",
                  type,
                  c[0],
                  c[1],
                  (double) c[0] / c[1]));
      out.printf(Locale.ROOT, "total time %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }
    return 0;
  }

  private static List<ScoreRequest> examples(
      Path world, String file, int limit, Map<Path, BufferedImage> cache) {
    List<ScoreRequest> out = new ArrayList<>();
    try (RecordStream<SftSample> samples = DatasetReader.DEFAULT.readLlava(world.resolve(file))) {
      while (samples.hasNext() && out.size() < limit) {
        SftSample sample = samples.next();
        List<BufferedImage> images = new ArrayList<>();
        for (ImageRef ref : sample.images()) {
          Path path = ((ImageRef.OnDisk) ref).resolve(world);
          images.add(cache.computeIfAbsent(path, ImageLoader::read));
        }
        Conversation conversation = sample.conversation();
        out.add(
            new ScoreRequest(
                new Prompt(images, Conversation.of(conversation.turns().get(0))),
                conversation.answers().get(0)));
      }
    }
    return out;
  }

  private static List<String> ids(Path file, int limit) {
    List<String> ids = new ArrayList<>();
    try (RecordStream<SftSample> samples = DatasetReader.DEFAULT.readLlava(file)) {
      while (samples.hasNext() && ids.size() < limit) {
        ids.add(samples.next().id());
      }
    }
    return ids;
  }

  private static Map<String, String> types(Path file) {
    ObjectMapper mapper = new ObjectMapper();
    Map<String, String> types = new HashMap<>();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode node = mapper.readTree(line);
        String type = node.get("type").asText();
        JsonNode sampling = node.get("sampling");
        if (sampling != null && !sampling.isNull()) {
          type = type + "/" + sampling.asText();
        }
        types.put(node.get("id").asText(), type);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return types;
  }

  /** The command line. */
  @Command(
      name = "TrainTinyLvlm",
      sortOptions = false,
      usageHelpAutoWidth = true,
      description =
          "Trains the tiny LVLM on the synthetic world, prints the held-out accuracy per question"
              + " type and saves the model.")
  static final class Options {
    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "Print this help and exit.")
    boolean help;

    @Option(
        names = "--world",
        paramLabel = "DIR",
        description =
            "The world folder; generated with GenerateWorld's defaults if it has no train.json."
                + " Default: target/world (under the working directory).")
    Path world = Path.of("target", "world");

    @Option(
        names = "--out",
        paramLabel = "DIR",
        description =
            "Where the model is saved. Default: target/tiny-lvlm (under the working directory).")
    Path out = Path.of("target", "tiny-lvlm");

    @Option(
        names = "--steps",
        paramLabel = "N",
        description = "Training steps. Default: ${DEFAULT-VALUE}.")
    int steps = 1500;

    @Option(
        names = "--batch",
        paramLabel = "N",
        description = "Batch size. Default: ${DEFAULT-VALUE}.")
    int batch = 32;

    @Option(
        names = "--lr",
        paramLabel = "RATE",
        description = "Learning rate. Default: ${DEFAULT-VALUE}.")
    float lr = 0.001f;

    @Option(names = "--seed", paramLabel = "N", description = "Seed. Default: ${DEFAULT-VALUE}.")
    long seed = 0;

    @Option(
        names = "--multi",
        paramLabel = "N",
        description = "Adds the first N samples of train_multi.json. Default: ${DEFAULT-VALUE}.")
    int multi = 0;

    @Option(
        names = "--eval",
        paramLabel = "N",
        description = "Held-out samples evaluated. Default: ${DEFAULT-VALUE}.")
    int eval = 1000;
  }
}
