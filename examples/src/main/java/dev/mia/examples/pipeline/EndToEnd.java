package dev.mia.examples.pipeline;

import dev.mia.core.data.PreferencePair;
import dev.mia.core.model.ScoreRequest;
import dev.mia.examples.CommandLines;
import dev.mia.examples.ProgressChoice;
import dev.mia.examples.tiny.ThreadGradientCollector;
import dev.mia.examples.tiny.TinyLvlm;
import dev.mia.examples.tiny.TinyLvlmTrainer;
import dev.mia.examples.tiny.TrainingLog;
import dev.mia.examples.world.QuestionType;
import dev.mia.loss.cache.ReferenceLogProbCache;
import dev.mia.loss.ddpo.Ddpo;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The end-to-end pipeline: for each seed, SFT of the tiny LVLM on the synthetic world (or a saved
 * model), evaluation on held-out single- and multi-image questions, multi-image data from
 * mia-formats (sequence, grid and pic-in-pic in MIA-DPO's mix), preference data from mia-selection
 * for each method, training with mia-loss from a fresh copy of the SFT model (one epoch, MIA-DPO's
 * linear warm-up and decay), evaluation again; then a report folder.
 *
 * <p>Usage: {@code EndToEnd [--out dir] [--quick] [--seeds n] [--methods a,b,...] [--model dir]
 * [--preset demo|study|quick] [--split test|validation] [--sft-steps n] [--sft-lr rate]
 * [--align-steps n] [--align-epochs e] [--pairs n] [--pair-types colour,count,position] [--align-lr
 * rate] [--beta b] [--align-sft-weight w] [--replay-weight w] [--progress auto|bar|lines] [--jobs
 * n]}; {@code --help} lists every option with its meaning and default. Defaults: {@code
 * target/e2e}, the DEMO preset of {@link PipelineConfig} (one seed, MIA-DPO and the continued-SFT
 * control; {@code --preset study}: 3 seeds, every {@link Method}), SFT from scratch per seed, the
 * test split, as many seeds at once as there are cores ({@code --jobs}). A seed's numbers do not
 * depend on how many run beside it: each has its own models, data and generators, each thread's
 * libtorch work is single-threaded, gradients are collected per thread ({@code
 * ThreadGradientCollector}) and the engine's global generator is seeded and drawn from under a
 * lock. Hyperparameters are meant to be chosen with {@code --split validation} runs. The report is
 * {@code <out>/report.md} and {@code <out>/report.json}; its path is printed at the end.
 */
public final class EndToEnd {
  private EndToEnd() {}

  /**
   * Runs the program.
   *
   * @param args the command line, see the class documentation
   */
  public static void main(String[] args) {
    // one libtorch thread unless told otherwise: the tiny model's operations are too small to gain
    // from threads, and the numbers must not depend on the machine's core count
    for (String p : List.of("ai.djl.pytorch.num_threads", "ai.djl.pytorch.num_interop_threads")) {
      if (System.getProperty(p) == null) {
        System.setProperty(p, "1");
      }
    }
    int status = run(args, System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Runs the program with the given streams.
   *
   * @param args the command line
   * @param out where the summary and the report's path go
   * @param err where progress bars and usage errors go
   * @return the exit status: 0 on success, 2 on a usage error
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return CommandLines.run(new Options(), args, out, err, o -> run(o, out, err));
  }

  private static int run(Options o, PrintStream out, PrintStream err) {
    if (o.quick && o.preset != null && o.preset != PipelineConfig.Preset.QUICK) {
      throw new CommandLines.UsageException(
          "--quick is --preset quick; it cannot be combined with --preset " + cliName(o.preset));
    }
    PipelineConfig.Preset preset =
        o.quick
            ? PipelineConfig.Preset.QUICK
            : o.preset != null ? o.preset : PipelineConfig.Preset.DEMO;
    int seedCount = o.seeds != null ? o.seeds : preset == PipelineConfig.Preset.DEMO ? 1 : 3;
    if (seedCount < 1) {
      throw new CommandLines.UsageException("--seeds must be >= 1, but is: " + seedCount);
    }
    Path dir = o.out;
    int seeds = seedCount;
    Set<Method> methods = EnumSet.noneOf(Method.class);
    if (o.methods != null) {
      methods.addAll(o.methods);
    } else if (preset == PipelineConfig.Preset.DEMO) {
      methods.addAll(EnumSet.of(Method.MIA_DPO, Method.CONTINUED_SFT));
    } else {
      methods.addAll(EnumSet.allOf(Method.class));
    }
    @Nullable Path modelDir = o.model;
    HeldOut heldOut = o.split;
    PipelineConfig config;
    try {
      PipelineConfig.Builder b = PipelineConfig.builder(preset);
      if (o.sftSteps != null) {
        b.sftSteps(o.sftSteps);
      }
      if (o.sftLr != null) {
        b.sftLearningRate(o.sftLr);
      }
      if (o.pairs != null) {
        b.pairSources(o.pairs);
      }
      if (o.pairTypes != null) {
        b.pairTypes(EnumSet.copyOf(o.pairTypes));
      }
      if (o.alignSteps != null) {
        b.alignSteps(o.alignSteps);
      }
      if (o.alignEpochs != null) {
        b.alignEpochs(o.alignEpochs);
      }
      if (o.alignLr != null) {
        b.alignLearningRate(o.alignLr);
      }
      if (o.beta != null) {
        b.alignBeta(o.beta);
      }
      if (o.alignSftWeight != null) {
        b.alignSftWeight(o.alignSftWeight);
      }
      if (o.replayWeight != null) {
        b.alignReplayWeight(o.replayWeight);
      }
      config = b.build();
    } catch (IllegalArgumentException e) {
      throw new CommandLines.UsageException(String.valueOf(e.getMessage()));
    }
    int jobs =
        o.jobs != null ? o.jobs : Math.min(seeds, Runtime.getRuntime().availableProcessors());
    if (jobs < 1) {
      throw new CommandLines.UsageException("--jobs must be >= 1, but is: " + jobs);
    }
    long t0 = System.nanoTime();
    // bars of seeds running at once would redraw over each other: lines then
    Progress progress =
        new Progress(
            err, o.progress.bar() && jobs == 1 ? Progress.Style.BAR : Progress.Style.LINES);
    ReferenceLogProbCache cache = ReferenceLogProbCache.open(dir.resolve("reference-cache"));
    List<List<PreferencePair>> seedSamples = new ArrayList<>();
    List<SeedTask> tasks = new ArrayList<>();
    for (int s = 0; s < seeds; s++) {
      long seed = s;
      List<PreferencePair> own = new ArrayList<>();
      seedSamples.add(own);
      tasks.add(
          () -> runSeed(config, seed, methods, modelDir, heldOut, dir, cache, progress, own, out));
    }
    List<SeedRun> runs = runSeeds(tasks, jobs);
    // the collage shows the first seed's MIA-DPO pairs, whatever order the seeds ran in
    List<PreferencePair> samples =
        seedSamples.stream().filter(l -> !l.isEmpty()).findFirst().orElse(List.of());
    Map<String, Object> environment = new LinkedHashMap<>();
    environment.put("preset", preset.name());
    environment.put("heldOutSplit", heldOut.cliName());
    environment.put("cores", Runtime.getRuntime().availableProcessors());
    environment.put("jobs", jobs);
    environment.put(
        "loadAverageAtEnd", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    environment.put("java", System.getProperty("java.version"));
    environment.put("totalSeconds", (System.nanoTime() - t0) / 1e9);
    environment.put("referenceCache", cache.stats());
    ReportWriter.write(dir, config, runs, environment, samples);
    out.println();
    out.println("MIA-DPO's premise, measured on the SFT model (points):");
    out.println();
    out.print(ReportWriter.premiseTable(runs));
    out.println();
    out.println("Change from the SFT model in points (mean ± sd over " + Plots.seeds(runs) + "):");
    out.println();
    out.print(ReportWriter.deltaTable(runs));
    out.println();
    out.printf(
        Locale.ROOT,
        "done in %.1f s; report: %s%n",
        (System.nanoTime() - t0) / 1e9,
        dir.resolve("report.md").toAbsolutePath());
    return 0;
  }

  /** One seed's whole run. */
  @FunctionalInterface
  private interface SeedTask {
    SeedRun run();
  }

  /**
   * Runs the seeds, {@code jobs} at a time, each on its own thread (or, for one job, on this one),
   * and returns their runs in seed order. The first failure stops the seeds not yet started and is
   * rethrown once the running ones have ended.
   */
  private static List<SeedRun> runSeeds(List<SeedTask> tasks, int jobs) {
    if (jobs == 1) {
      List<SeedRun> runs = new ArrayList<>();
      for (SeedTask task : tasks) {
        runs.add(task.run());
      }
      return runs;
    }
    AtomicInteger threads = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(jobs, tasks.size()),
            r -> {
              Thread t =
                  new Thread(
                      ThreadGradientCollector.withoutGradMode(r),
                      "seed-" + threads.getAndIncrement());
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<SeedRun>> futures = new ArrayList<>();
      for (SeedTask task : tasks) {
        futures.add(pool.submit(task::run));
      }
      List<SeedRun> runs = new ArrayList<>();
      for (Future<SeedRun> future : futures) {
        try {
          runs.add(future.get());
        } catch (ExecutionException e) {
          // seeds not started yet never start; running ones end (and close their models) first
          futures.forEach(f -> f.cancel(false));
          pool.shutdown();
          awaitEnd(pool);
          if (e.getCause() instanceof RuntimeException r) {
            throw r;
          }
          if (e.getCause() instanceof Error error) {
            throw error;
          }
          throw new IllegalStateException("a seed failed", e.getCause());
        }
      }
      return runs;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the seeds ran", e);
    } finally {
      pool.shutdown();
    }
  }

  private static void awaitEnd(ExecutorService pool) {
    try {
      pool.awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static SeedRun runSeed(
      PipelineConfig config,
      long seed,
      Set<Method> methods,
      @Nullable Path modelDir,
      HeldOut heldOut,
      Path dir,
      ReferenceLogProbCache cache,
      Progress progress,
      List<PreferencePair> samples,
      PrintStream out) {
    Map<String, Double> seconds = new LinkedHashMap<>();
    long t = System.nanoTime();
    WorldData data = WorldData.create(config, seed);
    List<EvalItem> evalItems = heldOut == HeldOut.TEST ? data.evalItems : data.validationItems;
    seconds.put("data", lap(t));
    t = System.nanoTime();
    Path sftDir = dir.resolve("models").resolve("sft-seed" + seed);
    List<Double> sftLoss = new ArrayList<>();
    int sftSkipped = 0;
    if (modelDir != null) {
      try (TinyLvlm loaded = TinyLvlm.load(modelDir)) {
        loaded.save(sftDir);
      }
    } else {
      try (TinyLvlm model = TinyLvlm.create(config.model(), WorldData.tokenizer(), seed)) {
        Progress.Bar bar = progress.bar("seed " + seed + " sft", config.sftSteps());
        TrainingLog log =
            TinyLvlmTrainer.builder()
                .steps(config.sftSteps())
                .batchSize(config.sftBatch())
                .learningRate(config.sftLearningRate())
                .seed(seed)
                .groundingWeight(config.sftGroundingWeight())
                .onStep((step, loss) -> bar.step(String.format(Locale.ROOT, "loss %.3f", loss)))
                .build()
                .trainExamples(model, data.sftTraining);
        bar.done();
        sftLoss.addAll(log.losses());
        sftSkipped = log.skippedSteps();
        if (sftSkipped > 0) {
          out.println(
              "seed " + seed + " sft: skipped " + sftSkipped + " steps with a non-finite gradient");
        }
        model.save(sftDir);
      }
    }
    seconds.put("sft", lap(t));
    Evaluator evaluator = new Evaluator();
    Map<String, Double> before;
    t = System.nanoTime();
    try (TinyLvlm sft = TinyLvlm.load(sftDir)) {
      before =
          evaluator
              .evaluate(
                  sft, evalItems, progress.bar("seed " + seed + " eval sft", evalItems.size()))
              .metrics();
    }
    seconds.put("evalSft", lap(t));
    print(out, "seed " + seed + " sft", before, null);
    List<SeedRun.MethodRun> results = new ArrayList<>();
    Alignment alignment = new Alignment(config, seed, progress);
    try (TinyLvlm dataModel = TinyLvlm.load(sftDir)) {
      // every method's data comes from the SFT model; one PairMaker shares MIA-DPO's pairs
      PairMaker maker = new PairMaker(dataModel, seed, progress, data.pairSourceTruths);
      for (Method method : methods) {
        results.add(
            runMethod(
                config, seed, method, sftDir, maker, data, alignment, cache, evaluator, evalItems,
                before, progress, samples, out));
      }
    }
    return new SeedRun(seed, sftLoss, sftSkipped, before, results, seconds);
  }

  private static SeedRun.MethodRun runMethod(
      PipelineConfig config,
      long seed,
      Method method,
      Path sftDir,
      PairMaker maker,
      WorldData data,
      Alignment alignment,
      ReferenceLogProbCache cache,
      Evaluator evaluator,
      List<EvalItem> evalItems,
      Map<String, Double> before,
      Progress progress,
      List<PreferencePair> samples,
      PrintStream out) {
    Map<String, Double> times = new LinkedHashMap<>();
    String label = "seed " + seed + " " + method.cliName();
    try (TinyLvlm policy = TinyLvlm.load(sftDir)) {
      long m0 = System.nanoTime();
      PairSet set =
          method == Method.CONTINUED_SFT
              ? continuedSft(policy, data.sftExamples)
              : maker.make(method, data.pairSources);
      times.put("data", lap(m0));
      if (samples.isEmpty() && method == Method.MIA_DPO) {
        samples.addAll(set.pairs());
      }
      m0 = System.nanoTime();
      Alignment.Curve curve =
          switch (method) {
            case VIG_SFT, CONTINUED_SFT ->
                alignment.vigSft(policy, set.examples(), set.masks(), data.sftExamples, label);
            case DDPO, MIA_DPO_DDPO ->
                alignment.dpo(
                    policy,
                    set.pairs(),
                    Alignment.withSft(Ddpo.PAPER.dpoLoss(), config.alignSftWeight()),
                    Ddpo.PAPER,
                    cache,
                    data.sftExamples,
                    label);
            case MIA_DPO, MIA_DPO_JUDGED, MIA_DPO_TPO, BPO, BDHS ->
                alignment.dpo(
                    policy,
                    set.pairs(),
                    Alignment.withSft(
                        Alignment.MIA_DPO_LOSS.toBuilder().beta(config.alignBeta()).build(),
                        config.alignSftWeight()),
                    null,
                    cache,
                    data.sftExamples,
                    label);
          };
      times.put("train", lap(m0));
      m0 = System.nanoTime();
      Map<String, Double> after =
          evaluator
              .evaluate(policy, evalItems, progress.bar(label + " eval", evalItems.size()))
              .metrics();
      times.put("eval", lap(m0));
      print(out, label, after, before);
      return new SeedRun.MethodRun(method, set, curve, after, times);
    }
  }

  private static QuestionType questionType(String name) {
    String n = name.strip().toUpperCase(Locale.ROOT);
    if (!List.of("COLOUR", "COUNT", "POSITION").contains(n)) {
      throw new IllegalArgumentException(
          "pair types must be among colour, count, position, but one is: " + name);
    }
    return QuestionType.valueOf(n);
  }

  /** The control's data: every SFT example with all its answer tokens trained. */
  private static PairSet continuedSft(TinyLvlm policy, List<ScoreRequest> sft) {
    List<float[]> masks = new ArrayList<>();
    for (ScoreRequest r : sft) {
      float[] mask = new float[policy.wordTokenizer().encode(r.answer()).size()];
      java.util.Arrays.fill(mask, 1f);
      masks.add(mask);
    }
    return new PairSet(
        List.of(),
        sft,
        masks,
        Map.of("examples", (double) sft.size()),
        List.of(),
        List.of(),
        List.of(),
        Double.NaN,
        List.of());
  }

  private static double lap(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  private static void print(
      PrintStream out, String label, Map<String, Double> m, @Nullable Map<String, Double> before) {
    StringBuilder line = new StringBuilder(label).append(':');
    for (String k : ReportWriter.HEADLINE) {
      line.append(String.format(Locale.ROOT, " %s=%.3f", k, m.get(k)));
      if (before != null) {
        line.append(String.format(Locale.ROOT, "(%+.3f)", m.get(k) - before.get(k)));
      }
    }
    out.println(line);
  }

  /** The command line. */
  @Command(
      name = "EndToEnd",
      sortOptions = false,
      usageHelpAutoWidth = true,
      description =
          "The end-to-end pipeline on the tiny LVLM: SFT, evaluation, preference data, alignment per method, evaluation again, a report.")
  static final class Options {
    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "Print this help and exit.")
    boolean help;

    @Option(
        names = "--out",
        paramLabel = "DIR",
        description = "Report folder. Default: target/e2e (under the working directory).")
    Path out = Path.of("target", "e2e");

    @Option(
        names = "--preset",
        paramLabel = "demo|study|quick",
        converter = PresetConverter.class,
        description =
            "demo: one seed, MIA-DPO and the continued-SFT control (about 3 minutes);"
                + " study: three seeds, every method (about 11 minutes on 2 cores);"
                + " quick: tiny sizes for tests (seconds). Default: demo.")
    PipelineConfig.@Nullable Preset preset;

    @Option(names = "--quick", description = "The same as --preset quick.")
    boolean quick;

    @Option(
        names = "--seeds",
        paramLabel = "N",
        description = "Number of seeds (0, 1, ...). Default: demo 1, study and quick 3.")
    @Nullable Integer seeds;

    @Option(
        names = "--methods",
        split = ",",
        paramLabel = "METHOD",
        converter = MethodConverter.class,
        description =
            "Comma-separated methods among mia-dpo, bpo, ddpo, vig-sft, bdhs, mia-dpo-ddpo,"
                + " mia-dpo-judged, mia-dpo-tpo, continued-sft. Default: demo mia-dpo and"
                + " continued-sft, study and quick all of them.")
    @Nullable List<Method> methods;

    @Option(
        names = "--jobs",
        paramLabel = "N",
        description =
            "Seeds run at once, each on its own thread; the numbers do not depend on it."
                + " Default: the smaller of the seed count and the cores.")
    @Nullable Integer jobs;

    @Option(
        names = "--model",
        paramLabel = "DIR",
        description = "A saved tiny LVLM to start from instead of SFT per seed. Default: none.")
    @Nullable Path model;

    @Option(
        names = "--split",
        paramLabel = "SPLIT",
        converter = HeldOutConverter.class,
        description = "Held-out split to evaluate: test or validation. Default: test.")
    HeldOut split = HeldOut.TEST;

    @Option(
        names = "--progress",
        paramLabel = "auto|bar|lines",
        converter = ProgressChoice.Converter.class,
        description =
            "A bar redrawn with \\r (for a terminal) or plain lines every 10 s (for a log);"
                + " auto picks the bar when there is a console. Default: auto.")
    ProgressChoice progress = ProgressChoice.AUTO;

    @Option(
        names = "--sft-steps",
        paramLabel = "N",
        description = "SFT steps. Default: the preset's (quick 10, demo and study 1200).")
    @Nullable Integer sftSteps;

    @Option(
        names = "--sft-lr",
        paramLabel = "RATE",
        description = "SFT learning rate. Default: the preset's.")
    @Nullable Float sftLr;

    @Option(
        names = "--align-steps",
        paramLabel = "N",
        description = "Alignment steps. Default: the preset's.")
    @Nullable Integer alignSteps;

    @Option(
        names = "--align-epochs",
        paramLabel = "E",
        description = "Alignment epochs over the pairs. Default: the preset's.")
    @Nullable Double alignEpochs;

    @Option(
        names = "--pairs",
        paramLabel = "N",
        description =
            "Multi-image samples the pairs are made from. Default: the preset's (quick 8, demo and"
                + " study 7600).")
    @Nullable Integer pairs;

    @Option(
        names = "--pair-types",
        split = ",",
        paramLabel = "TYPE",
        converter = QuestionTypeConverter.class,
        description =
            "Question types of the pairs among colour, count, position. Default: the preset's.")
    @Nullable List<QuestionType> pairTypes;

    @Option(
        names = "--align-lr",
        paramLabel = "RATE",
        description = "Alignment learning rate. Default: the preset's.")
    @Nullable Float alignLr;

    @Option(names = "--beta", paramLabel = "B", description = "DPO beta. Default: the preset's.")
    @Nullable Double beta;

    @Option(
        names = "--align-sft-weight",
        paramLabel = "W",
        description = "Weight of the SFT term in the alignment loss. Default: the preset's.")
    @Nullable Double alignSftWeight;

    @Option(
        names = "--replay-weight",
        paramLabel = "W",
        description = "Weight of the SFT replay during alignment. Default: the preset's.")
    @Nullable Double replayWeight;
  }

  /** Parses a method name. */
  static final class MethodConverter implements CommandLine.ITypeConverter<Method> {
    @Override
    public Method convert(String value) {
      return CommandLines.convert(value, Method::parse);
    }
  }

  /** Parses a preset name. */
  static final class PresetConverter implements CommandLine.ITypeConverter<PipelineConfig.Preset> {
    @Override
    public PipelineConfig.Preset convert(String value) {
      for (PipelineConfig.Preset p : PipelineConfig.Preset.values()) {
        if (cliName(p).equals(value)) {
          return p;
        }
      }
      throw new CommandLine.TypeConversionException(
          "expected demo, study or quick, but got: " + value);
    }
  }

  private static String cliName(PipelineConfig.Preset preset) {
    return preset.name().toLowerCase(Locale.ROOT);
  }

  /** Parses a held-out split name. */
  static final class HeldOutConverter implements CommandLine.ITypeConverter<HeldOut> {
    @Override
    public HeldOut convert(String value) {
      return CommandLines.convert(value, HeldOut::parse);
    }
  }

  /** Parses a question type of the pairs. */
  static final class QuestionTypeConverter implements CommandLine.ITypeConverter<QuestionType> {
    @Override
    public QuestionType convert(String value) {
      return CommandLines.convert(value, EndToEnd::questionType);
    }
  }
}
