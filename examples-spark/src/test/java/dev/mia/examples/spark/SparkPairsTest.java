package dev.mia.examples.spark;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mia.core.data.MultiImageSample;
import dev.mia.core.data.PathPolicy;
import dev.mia.core.data.PreferencePair;
import dev.mia.core.io.DatasetReader;
import dev.mia.core.io.JsonlWriter;
import dev.mia.core.io.MiaPairCodec;
import dev.mia.core.io.OnBadRecord;
import dev.mia.core.io.RecordStream;
import dev.mia.core.io.TrlPairEncoder;
import dev.mia.core.io.TrlStyle;
import dev.mia.core.io.WriteMode;
import dev.mia.core.model.TrainableVisionLanguageModel;
import dev.mia.examples.formats.BuildMultiImageCommand;
import dev.mia.examples.tiny.TinyLvlm;
import dev.mia.examples.tiny.TinyLvlmConfig;
import dev.mia.examples.world.SceneSampler;
import dev.mia.examples.world.WorldSplit;
import dev.mia.examples.world.WorldWriter;
import dev.mia.loss.cache.ReferenceLogProbCache;
import dev.mia.loss.train.CollationException;
import dev.mia.loss.train.PreferenceCollator;
import dev.mia.loss.train.ReferenceLogProbs;
import dev.mia.selection.pipeline.ImageSource;
import dev.mia.selection.pipeline.SelectionPipeline;
import dev.mia.selection.pipeline.SelectionReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Spark job on {@code local[2]} against the single-machine pipeline on the same data and seed:
 * {@code BuildMultiImageCommand}, then {@link SelectionPipeline} over its file, {@link
 * ReferenceLogProbs} over the pairs, and {@link JsonlWriter}s.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SparkPairsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A tiny model smaller than the job's default ({@link ModelSpec#TINY_CONFIG}: 64 wide, 3 layers),
   * saved once and loaded by both sides through {@code --model-path}: the comparison does not
   * depend on the model's size, and the single pass and the 4 Spark runs stay cheap (about 50 s for
   * the class on the loaded 2-core machine, 2 answer tokens, 203 records).
   */
  private static final TinyLvlmConfig TEST_CONFIG =
      TinyLvlmConfig.builder()
          .imageSide(32)
          .patchSize(8)
          .modelDim(32)
          .heads(2)
          .layers(2)
          .maxSequenceLength(160)
          .build();

  private Path dir;
  private SparkSession spark;
  private Path root;
  private Path data;
  private Path single;
  private String augmentTable;
  private SelectionReport singleReport;
  private long singleBad;
  private Path model;

  /**
   * The synthetic world's LLaVA data as JSON lines (24 scenes: 203 good records), with 3 malformed
   * lines and a duplicate id.
   */
  private Path writeData() throws IOException {
    root = dir.resolve("world");
    WorldWriter.write(WorldSplit.generate("train", 7, 24, SceneSampler.builder(32).build()), root);
    List<String> lines = new ArrayList<>();
    for (JsonNode record : JSON.readTree(root.resolve("train.json").toFile())) {
      lines.add(JSON.writeValueAsString(record));
    }
    lines.add(40, "{\"id\": \"broken\", \"conversations\": ");
    lines.add(90, lines.get(12)); // a duplicate id
    lines.add(150, "{\"id\": \"no-conversations\", \"image\": \"x.png\"}");
    lines.add("not json at all");
    Path file = root.resolve("train.jsonl");
    Files.write(file, lines, StandardCharsets.UTF_8);
    return file;
  }

  private String[] sharedArgs() {
    return new String[] {
      "--data",
      data.toString(),
      "--images",
      root.toString(),
      "--seed",
      "42",
      "--tile-size",
      "64",
      "--margin",
      "9"
    };
  }

  @BeforeAll
  void single_machine_run(@TempDir Path tempDir) throws IOException {
    dir = tempDir;
    spark = SparkSession.builder().master("local[2]").appName("mia-test").getOrCreate();
    data = writeData();
    single = root.resolve("single");
    model = dir.resolve("model");
    try (TinyLvlm fresh = TinyLvlm.create(TEST_CONFIG, ModelSpec.tinyTokenizer(), 0)) {
      fresh.save(model);
    }
    long tb = System.nanoTime();
    ByteArrayOutputStream table = new ByteArrayOutputStream();
    List<String> args = new ArrayList<>(List.of(sharedArgs()));
    args.addAll(List.of("--out", single.toString(), "--threads", "2", "--progress", "lines"));
    assertThat(
            BuildMultiImageCommand.run(
                args.toArray(new String[0]),
                new PrintStream(table, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
        .isZero();
    augmentTable = table.toString(StandardCharsets.UTF_8);
    System.err.printf("single machine: build %.1f s%n", (System.nanoTime() - tb) / 1e9);
    long t0 = System.nanoTime();
    long[] bad = {0};
    DatasetReader counting =
        DatasetReader.builder()
            .onBadRecord(OnBadRecord.SKIP)
            .badRecordListener(b -> bad[0]++)
            .build();
    try (RecordStream<?> records = counting.readLlava(data)) {
      records.stream().forEach(r -> {});
    }
    singleBad = bad[0];

    JobSpec settings = spec();
    try (TrainableVisionLanguageModel model = settings.model().load();
        NDManager manager = NDManager.newBaseManager();
        RecordStream<MultiImageSample> samples =
            DatasetReader.DEFAULT.readMiaMultiImage(single.resolve("multi_image.jsonl"));
        JsonlWriter<PreferencePair> lossless =
            JsonlWriter.open(
                single.resolve("pairs.jsonl"), MiaPairCodec.INSTANCE, WriteMode.REPLACE);
        JsonlWriter<PreferencePair> trl =
            JsonlWriter.open(
                single.resolve("pairs.trl.jsonl"),
                TrlPairEncoder.of(TrlStyle.STANDARD).withImageRoot(root),
                WriteMode.REPLACE)) {
      SelectionPipeline.Run run = settings.pipeline(model).start(manager);
      List<PreferencePair> pairs = new ArrayList<>();
      try (Stream<PreferencePair> selected =
          run.multiImage(samples.stream(), ImageSource.fromRoot(root, PathPolicy.ANYWHERE))) {
        selected.forEach(
            p -> {
              pairs.add(p);
              lossless.write(p);
              trl.write(p);
            });
      }
      lossless.commit();
      trl.commit();
      singleReport = run.report();
      System.err.printf("single machine: selection %.1f s%n", (System.nanoTime() - t0) / 1e9);
      PreferenceCollator collator =
          PreferenceCollator.builder(model.tokenizer())
              .imageRoot(root)
              .maxLength(model.maxSequenceLength())
              .build();
      List<PreferencePair> scorable = new ArrayList<>();
      for (PreferencePair p : pairs) {
        try {
          collator.collate(p);
          scorable.add(p);
        } catch (CollationException e) {
          // left without reference log-probs, as the Spark job leaves it
        }
      }
      ReferenceLogProbs reference =
          ReferenceLogProbs.builder(ReferenceLogProbCache.open(single.resolve("cache")), model)
              .build();
      long tr = System.nanoTime();
      for (int i = 0; i < scorable.size(); i += 64) { // as PreferenceTrainer.precomputeReference
        reference.precompute(
            List.of(collator.collate(scorable.subList(i, Math.min(scorable.size(), i + 64)))));
      }
      System.err.printf(
          "single machine: reference %.1f s, %d pairs%n",
          (System.nanoTime() - tr) / 1e9, pairs.size());
    }
  }

  @AfterAll
  void stop() {
    spark.stop();
  }

  /** The settings the Spark job gets from {@link #sharedArgs()} and its defaults. */
  private JobSpec spec() {
    return new JobSpec(
        data.toString(),
        root.toString(),
        single.resolve("images").toString(),
        "",
        "",
        0,
        1,
        42,
        OnBadRecord.SKIP,
        PathPolicy.INSIDE_ROOT,
        64,
        9,
        0.0,
        1,
        8,
        2,
        -1,
        new ModelSpec(ModelSpec.Kind.TINY, model.toString(), 0, "", false, 0, 0, 0));
  }

  private final Map<Integer, Path> runs = new TreeMap<>();

  /** The output of a run with this partition count, made by the first test that needs it. */
  private Path ensureRun(int partitions) {
    return runs.computeIfAbsent(
        partitions,
        p -> {
          Path out = dir.resolve("spark-" + p);
          assertThat(runSpark(out, p)).isZero();
          return out;
        });
  }

  private int runSpark(Path out, int partitions) {
    List<String> args = new ArrayList<>(List.of(sharedArgs()));
    args.addAll(
        List.of(
            "--master",
            "local[2]",
            "--out",
            out.toString(),
            "--partitions",
            Integer.toString(partitions),
            "--composed",
            single.resolve("images").toString(),
            "--max-new-tokens",
            "2",
            "--model-path",
            model.toString()));
    long ts = System.nanoTime();
    int rc =
        SparkPairs.run(
            args.toArray(new String[0]),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            System.err);
    System.err.printf("spark, %d slices: %.1f s%n", partitions, (System.nanoTime() - ts) / 1e9);
    return rc;
  }

  private static RunReport report(Path out) throws IOException {
    return PartitionSummary.JSON.readValue(out.resolve("report.json").toFile(), RunReport.class);
  }

  private static List<String> sortedById(Path file) throws IOException {
    Map<String, String> byId = new TreeMap<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      byId.put(JSON.readTree(line).path("id").asText(), line);
    }
    return List.copyOf(byId.values());
  }

  private static Map<String, byte[]> cacheEntries(Path cache) throws IOException {
    Map<String, byte[]> entries = new TreeMap<>();
    try (Stream<Path> files = Files.walk(cache)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        entries.put(f.getFileName().toString(), Files.readAllBytes(f));
      }
    }
    return entries;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 7})
  void pairs_are_byte_identical_to_the_single_machine_pipeline_for_any_partition_count(
      int partitions) throws IOException {
    Path out = ensureRun(partitions);

    for (String name : List.of("multi_image.jsonl", "pairs.jsonl", "pairs.trl.jsonl")) {
      assertThat(Files.mismatch(out.resolve(name), single.resolve(name))).as(name).isEqualTo(-1L);
      assertThat(sortedById(out.resolve(name))).isEqualTo(sortedById(single.resolve(name)));
    }
    List<String> pairs = Files.readAllLines(single.resolve("pairs.jsonl"), StandardCharsets.UTF_8);
    assertThat(pairs).hasSizeGreaterThan(20);
    RunReport report = report(out);
    assertThat(report.selection()).isEqualTo(singleReport);
    assertThat(
            report.augment().toSummary().table() + "wrote " + single.resolve("multi_image.jsonl"))
        .isEqualTo(augmentTable.replaceAll("(?m)^bad records +\\d+\\n", "").strip());
    assertThat(report.badRecords()).isEqualTo(singleBad).isEqualTo(4);
    assertThat(report.records()).isEqualTo(report.augment().inputs()).isEqualTo(203);
    assertThat(cacheEntries(out.resolve("reference-cache")))
        .containsOnlyKeys(cacheEntries(single.resolve("cache")).keySet());
    List<Row> rows = spark.read().parquet(out.resolve("pairs.parquet").toString()).collectAsList();
    assertThat(rows.stream().map(r -> r.<String>getAs("record")).sorted())
        .containsExactlyElementsOf(pairs.stream().sorted().toList());
  }

  @Test
  void a_rerun_recomputes_only_the_deleted_slice_and_gives_the_same_outputs() throws IOException {
    Path out = ensureRun(3);
    Path kept = PartitionTask.partDir(out, 0).resolve(PartitionTask.PAIRS);
    FileTime before = Files.getLastModifiedTime(kept);
    Path deleted = PartitionTask.partDir(out, 1);
    try (Stream<Path> files = Files.walk(deleted)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }

    assertThat(runSpark(out, 3)).isZero();

    RunReport report = report(out);
    assertThat(report.computed()).isEqualTo(1);
    assertThat(report.reused()).isEqualTo(2);
    assertThat(Files.getLastModifiedTime(kept)).isEqualTo(before);
    for (String name : List.of("multi_image.jsonl", "pairs.jsonl", "pairs.trl.jsonl")) {
      assertThat(Files.mismatch(out.resolve(name), single.resolve(name))).as(name).isEqualTo(-1L);
    }
    assertThat(report.selection()).isEqualTo(singleReport);
    assertThat(report.badRecords()).isEqualTo(4);
  }

  @Test
  void bad_records_are_counted_once_each_with_their_messages_in_input_order() throws IOException {
    Path out = ensureRun(7);

    RunReport report = report(out);
    assertThat(report.badRecords()).isEqualTo(4);
    assertThat(report.badRecordMessages()).hasSize(4);
    assertThat(report.badRecordMessages().get(0)).startsWith("bad line 41: ");
    assertThat(report.badRecordMessages().get(1))
        .startsWith("bad line 91: ")
        .contains("duplicate id");
    assertThat(report.badRecordMessages().get(3)).startsWith("bad line ");
  }

  @Test
  void a_rerun_with_other_settings_into_the_same_folder_is_refused() throws IOException {
    Path out = ensureRun(1);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> args = new ArrayList<>(List.of(sharedArgs()));
    args.addAll(List.of("--out", out.toString(), "--partitions", "3"));
    int status =
        SparkPairs.run(
            args.toArray(new String[0]),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains(out + " holds a run with other settings");
  }
}
