package dev.mia.examples.spark;

import dev.mia.core.ImagePathException;
import dev.mia.core.MiaException;
import dev.mia.core.data.ImageRef;
import dev.mia.core.data.SftSample;
import dev.mia.core.io.DatasetReader;
import dev.mia.core.io.RecordStream;
import dev.mia.examples.CommandLines;
import dev.mia.examples.formats.AugmentOptions;
import dev.mia.formats.augment.CompanionPool;
import dev.mia.formats.augment.Grouping;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * LLaVA instruction data to MIA-DPO preference pairs on Apache Spark: multi-image samples
 * (sequence, grid collage, pic-in-pic), the model's own answers selected by their attention and
 * filtered, and the reference model's log-probs in a shared cache; one slice of the input per task,
 * with the same results as one machine for the same seed, whatever the number of slices.
 *
 * <pre>
 * spark-submit --class dev.mia.examples.spark.SparkPairs mia-examples-spark-all.jar \
 *     --data /shared/llava.json --images /shared/images --out /shared/run1 [--partitions N]
 * </pre>
 *
 * <p>The driver reads the data once (as {@code BuildMultiImageCommand}'s first pass: the companion
 * pool and the number of good records), broadcasts the pool's paths, and runs one task per slice
 * ({@link PartitionTask}): each reads its slice, builds, selects, scores and commits its folder
 * {@code <out>/parts/part-NNNNN} atomically; slices already committed are skipped, so a failed job
 * is resumed by running the same command again. Then the driver merges the slices into {@code
 * <out>/multi_image.jsonl}, {@code pairs.jsonl} (mia's lossless form), {@code pairs.trl.jsonl}
 * (TRL's), {@code pairs.parquet}, {@code selection-report.json} (the selection pipeline's report
 * over all slices) and {@code report.json} (every count of the run). Bad records, skipped samples
 * and pairs are also counted live in accumulators (the Spark UI shows them). Every path must be one
 * each executor sees at the same place (a shared file system). Exit status: 0 on success, 1 on bad
 * data or an I/O failure, 2 on bad usage.
 */
public final class SparkPairs {
  private static final Map<Long, CompanionPool> POOLS = new ConcurrentHashMap<>();

  private SparkPairs() {}

  /**
   * Runs the program, stops the Spark session and exits with the status if it is not 0.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    int status = run(args, System.out, System.err);
    scala.Option<SparkSession> session = SparkSession.getDefaultSession();
    if (session.isDefined()) {
      session.get().stop(); // its threads would keep a plain java run alive
    }
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Runs the program.
   *
   * @param args the command line
   * @param out where the summary goes
   * @param err where errors go
   * @return 0 on success, 1 on bad data or an I/O failure, 2 on bad usage
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return CommandLines.run(new Options(), args, out, err, o -> run(o, out, err));
  }

  private static int run(Options o, PrintStream out, PrintStream err) {
    try {
      long began = System.nanoTime();
      RunReport report = runJob(o, out);
      double seconds = (System.nanoTime() - began) / 1e9;
      out.print(report.augment().toSummary().table());
      out.printf(
          Locale.ROOT,
          "bad records %d, pairs %d, selection errors %d, slices %d (%d computed, %d reused)%n",
          report.badRecords(),
          report.selection().pairs(),
          report.selection().errors(),
          report.partitions(),
          report.computed(),
          report.reused());
      out.printf(
          Locale.ROOT,
          "%d records in %.1f s (%.2f records/s, Spark start-up included)%n",
          report.records(),
          seconds,
          report.records() / seconds);
      out.println("wrote " + o.augment.out().resolve("report.json"));
      return 0;
    } catch (MiaException | UncheckedIOException | IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
  }

  /** The first pass's result: the companion pool's paths and the good records. */
  private record FirstPass(ArrayList<String> poolPaths, long total) {}

  private static FirstPass firstPass(Options o) {
    DatasetReader reader = DatasetReader.builder().onBadRecord(o.augment.onBadRecord()).build();
    ArrayList<String> paths = new ArrayList<>();
    try (RecordStream<SftSample> samples = reader.readLlava(o.augment.data())) {
      while (samples.hasNext()) {
        SftSample sample = samples.next();
        if (sample.images().size() == 1
            && sample.images().get(0) instanceof ImageRef.OnDisk image) {
          try {
            image.resolve(
                o.augment.images(),
                o.augment.pathPolicy()); // a refused path never becomes a companion
            paths.add(image.path());
          } catch (ImagePathException e) {
            // its sample is skipped by its task
          }
        }
      }
      return new FirstPass(paths, samples.deliveredCount());
    }
  }

  private static RunReport runJob(Options o, PrintStream out) {
    FirstPass first = firstPass(o);
    SparkConf conf = new SparkConf().setAppName("mia-pairs");
    if (o.master != null) {
      conf.setMaster(o.master);
    } else if (!conf.contains("spark.master")) {
      conf.setMaster("local[*]");
    }
    SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int partitions = o.partitions > 0 ? o.partitions : jsc.defaultParallelism();
    JobSpec spec = o.spec().withSlices(first.total(), partitions);
    checkManifest(spec);
    Broadcast<ArrayList<String>> pool = jsc.broadcast(first.poolPaths());
    PartitionTask.Counters counters =
        new PartitionTask.Counters(
            jsc.sc().longAccumulator("bad records"),
            jsc.sc().longAccumulator("skipped samples"),
            jsc.sc().longAccumulator("selection errors"),
            jsc.sc().longAccumulator("pairs"),
            jsc.sc().longAccumulator("slices computed"),
            jsc.sc().longAccumulator("slices reused"));
    List<Integer> slices = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      slices.add(p);
    }
    List<String> json =
        jsc.parallelize(slices, partitions)
            .mapPartitions(new Slice(spec, pool, counters))
            .collect();
    List<PartitionSummary> summaries = new ArrayList<>();
    for (String s : json) {
      summaries.add(PartitionSummary.fromJson(s));
    }
    summaries.sort(Comparator.comparingInt(PartitionSummary::partition));
    Path outDir = o.augment.out();
    Outputs.concatenate(
        outDir, partitions, PartitionTask.MULTI_IMAGE, outDir.resolve(PartitionTask.MULTI_IMAGE));
    Outputs.concatenate(outDir, partitions, PartitionTask.PAIRS, outDir.resolve("pairs.jsonl"));
    Outputs.concatenate(
        outDir, partitions, PartitionTask.TRL_PAIRS, outDir.resolve("pairs.trl.jsonl"));
    Outputs.writeParquet(spark, outDir, partitions, outDir.resolve("pairs.parquet"));
    RunReport report = RunReport.of(summaries, counters.computed().value(), first.total());
    report.selection().writeJson(outDir.resolve("selection-report.json"));
    write(outDir.resolve("report.json"), report.toJson());
    if (jsc.master().startsWith("local")) {
      ModelPool.closeIdle(); // the driver was the executor: its models go with the job
    }
    return report;
  }

  /**
   * Writes the job's settings to {@code <out>/run.json} on the first run; a later run into the same
   * folder must have the same settings, or its slices would not fit the committed ones.
   */
  private static void checkManifest(JobSpec spec) {
    Path out = Path.of(spec.out());
    Path manifest = out.resolve("run.json");
    try {
      String json = PartitionSummary.JSON.writeValueAsString(spec);
      Files.createDirectories(out);
      if (Files.exists(manifest)) {
        String before = Files.readString(manifest, StandardCharsets.UTF_8);
        if (!before.equals(json)) {
          throw new IllegalArgumentException(
              out
                  + " holds a run with other settings (its run.json differs: other data, seed,"
                  + " partitions or stages); resume with the same command, or use another --out");
        }
        return;
      }
      write(manifest, json);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + manifest, e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), ".write", ".tmp");
      Files.writeString(temp, text, StandardCharsets.UTF_8);
      Files.move(
          temp,
          file,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** One task: its slice, with the companion pool rebuilt once per executor JVM. */
  private static final class Slice implements FlatMapFunction<Iterator<Integer>, String> {
    private static final long serialVersionUID = 1L;
    private final JobSpec spec;
    private final Broadcast<ArrayList<String>> pool;
    private final PartitionTask.Counters counters;

    Slice(JobSpec spec, Broadcast<ArrayList<String>> pool, PartitionTask.Counters counters) {
      this.spec = spec;
      this.pool = pool;
      this.counters = counters;
    }

    @Override
    public Iterator<String> call(Iterator<Integer> partitions) {
      CompanionPool companions =
          POOLS.computeIfAbsent(
              pool.id(), id -> CompanionPool.of(Grouping.FIRST_PATH_SEGMENT, pool.value()));
      List<String> out = new ArrayList<>();
      while (partitions.hasNext()) {
        out.add(PartitionTask.runOrReuse(spec, partitions.next(), companions, counters));
      }
      return out.iterator();
    }
  }

  /** The command line. */
  @Command(
      name = "SparkPairs",
      sortOptions = false,
      usageHelpAutoWidth = true,
      description =
          "LLaVA instruction data to MIA-DPO multi-image samples, preference pairs (JSONL, TRL"
              + " JSONL, Parquet) and reference log-probs on Spark; resumable. Exit status: 0 on"
              + " success, 1 on bad data or an I/O failure, 2 on bad usage.")
  static final class Options {
    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "Print this help and exit.")
    boolean help;

    @Mixin AugmentOptions augment = new AugmentOptions();

    @Option(
        names = "--composed",
        paramLabel = "DIR",
        description =
            "Where collages and insets go, inside --images. Default: <images>/mia-composed.")
    @Nullable Path composed;

    @Option(
        names = "--cache",
        paramLabel = "DIR",
        description = "Reference log-prob cache. Default: <out>/reference-cache.")
    @Nullable Path cache;

    @Option(
        names = "--master",
        paramLabel = "URL",
        description = "Spark master; default: spark-submit's, else local[*].")
    @Nullable String master;

    @Option(
        names = "--partitions",
        paramLabel = "N",
        description = "Slices of the input (tasks). Default: Spark's default parallelism.")
    int partitions;

    @Option(
        names = "--build-threads",
        paramLabel = "N",
        description = "Image-building threads per task. Default: 1.")
    int buildThreads = 1;

    @Option(
        names = "--batch-size",
        paramLabel = "N",
        description = "Samples per generator call and rows per reference batch. Default: 8.")
    int batchSize = 8;

    @Option(
        names = "--max-new-tokens",
        paramLabel = "N",
        description = "Longest generated answer. Default: 16.")
    int maxNewTokens = 16;

    @Option(
        names = "--attention-layer",
        paramLabel = "N",
        description = "Layer the attention selection reads. Default: the middle one.")
    int attentionLayer = -1;

    @Option(
        names = "--model",
        paramLabel = "tiny|torchscript",
        description = "The model: mia's tiny LVLM or a TorchScript export. Default: tiny.")
    String model = "tiny";

    @Option(
        names = "--model-path",
        paramLabel = "PATH",
        description =
            "A saved tiny model's folder, or the TorchScript archive. Default: a fresh tiny model.")
    @Nullable Path modelPath;

    @Option(
        names = "--model-seed",
        paramLabel = "N",
        description = "Initialisation seed of a fresh tiny model. Default: 0.")
    long modelSeed;

    @Option(
        names = "--tokenizer",
        paramLabel = "FILE",
        description = "The TorchScript model's tokenizer.json.")
    @Nullable Path tokenizer;

    @Option(
        names = "--word-level-tokenizer",
        description =
            "The tokenizer file is a word-level vocabulary, not a Hugging Face tokenizer.")
    boolean wordLevel;

    @Option(
        names = "--image-side",
        paramLabel = "N",
        description = "The TorchScript model's input image side. Default: 336.")
    int imageSide = 336;

    @Option(
        names = "--image-grid",
        paramLabel = "N",
        description = "The TorchScript model's image tokens per side. Default: 24.")
    int imageGrid = 24;

    @Option(
        names = "--max-length",
        paramLabel = "N",
        description = "The TorchScript model's longest sequence; 0: no limit. Default: 0.")
    int maxLength;

    /** The job's settings, before the first pass counts the records. */
    JobSpec spec() {
      ModelSpec modelSpec =
          switch (model) {
            case "tiny" ->
                modelPath == null
                    ? ModelSpec.freshTiny(modelSeed)
                    : new ModelSpec(
                        ModelSpec.Kind.TINY,
                        modelPath.toAbsolutePath().toString(),
                        modelSeed,
                        "",
                        false,
                        0,
                        0,
                        0);
            case "torchscript" -> {
              if (modelPath == null || tokenizer == null) {
                throw new CommandLines.UsageException(
                    "--model torchscript needs --model-path and --tokenizer");
              }
              yield new ModelSpec(
                  ModelSpec.Kind.TORCHSCRIPT,
                  modelPath.toAbsolutePath().toString(),
                  modelSeed,
                  tokenizer.toAbsolutePath().toString(),
                  wordLevel,
                  imageSide,
                  imageGrid,
                  maxLength);
            }
            default ->
                throw new CommandLines.UsageException(
                    "--model must be tiny or torchscript, but is: " + model);
          };
      Path root = augment.images().toAbsolutePath();
      try {
        return new JobSpec(
            augment.data().toAbsolutePath().toString(),
            root.toString(),
            (composed == null ? root.resolve("mia-composed") : composed.toAbsolutePath())
                .toString(),
            augment.out().toAbsolutePath().toString(),
            (cache == null ? augment.out().resolve("reference-cache") : cache)
                .toAbsolutePath()
                .toString(),
            0,
            1,
            augment.seed(),
            augment.onBadRecord(),
            augment.pathPolicy(),
            augment.tileSize(),
            augment.margin(),
            augment.refusalRate(),
            buildThreads,
            batchSize,
            maxNewTokens,
            attentionLayer,
            modelSpec);
      } catch (IllegalArgumentException e) {
        throw new CommandLines.UsageException(String.valueOf(e.getMessage()));
      }
    }
  }
}
