package dev.mia.examples.spark;

import ai.djl.ndarray.NDManager;
import dev.mia.core.data.MultiImageSample;
import dev.mia.core.data.PathPolicy;
import dev.mia.core.data.PreferencePair;
import dev.mia.core.data.SftSample;
import dev.mia.core.io.BadRecord;
import dev.mia.core.io.DatasetReader;
import dev.mia.core.io.JsonlWriter;
import dev.mia.core.io.MiaMultiImageCodec;
import dev.mia.core.io.MiaPairCodec;
import dev.mia.core.io.RecordStream;
import dev.mia.core.io.TrlPairEncoder;
import dev.mia.core.io.TrlStyle;
import dev.mia.core.io.WriteMode;
import dev.mia.core.model.TrainableVisionLanguageModel;
import dev.mia.formats.augment.AugmentListener;
import dev.mia.formats.augment.AugmentSummary;
import dev.mia.formats.augment.CompanionPool;
import dev.mia.formats.augment.SkippedSample;
import dev.mia.formats.augment.Workspace;
import dev.mia.formats.store.ImageStore;
import dev.mia.loss.cache.ReferenceLogProbCache;
import dev.mia.loss.train.CollationException;
import dev.mia.loss.train.PreferenceCollator;
import dev.mia.loss.train.ReferenceLogProbs;
import dev.mia.loss.train.ReferenceStats;
import dev.mia.selection.pipeline.ImageSource;
import dev.mia.selection.pipeline.SelectionPipeline;
import dev.mia.selection.pipeline.SelectionReport;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.spark.util.LongAccumulator;
import org.jspecify.annotations.Nullable;

/**
 * Builds one slice of the input on an executor, with mia's parts as one machine uses them: {@link
 * DatasetReader} reads the data, {@link dev.mia.formats.augment.MultiImageAugmenter} builds the
 * multi-image samples (each drawing from the random source of its position in the whole input),
 * {@link SelectionPipeline} makes and selects the pairs in batches, {@link ReferenceLogProbs}
 * stores the reference model's log-probs in the shared cache, and {@link JsonlWriter}s write the
 * slice's samples and pairs.
 *
 * <h2>Reading a slice</h2>
 *
 * The task streams the data file from its start (the file is on storage every executor sees) and
 * keeps the good records of its slice, so that records are numbered, and duplicate ids found,
 * exactly as one reader of the whole file numbers and finds them. A bad record seen after {@code d}
 * good ones belongs to the slice holding good record {@code d} (the last slice for those after the
 * last good record): each is counted by exactly one task. Parsing costs microseconds per record,
 * next to seconds of model passes per sample.
 *
 * <h2>Commit</h2>
 *
 * Everything goes to a fresh folder {@code parts/.part-NNNNN.<random>.tmp}, which is renamed to
 * {@code parts/part-NNNNN} when the slice is complete: a slice's outputs appear whole or not at
 * all, a retried or speculative attempt never sees another's files, and a rerun skips the slices
 * already there ({@link #runOrReuse}). Composed images go to the shared, content-addressed image
 * store and reference entries to the shared cache, both written atomically and idempotent.
 */
final class PartitionTask {
  /** The slice's multi-image samples, mia's lossless form. */
  static final String MULTI_IMAGE = "multi_image.jsonl";

  /** The slice's pairs, mia's lossless form. */
  static final String PAIRS = "pairs.jsonl";

  /** The slice's pairs, TRL's form with image paths resolved against the image root. */
  static final String TRL_PAIRS = "pairs.trl.jsonl";

  /** What the task did. */
  static final String SUMMARY = "summary.json";

  private static final int MAX_MESSAGES = 100;

  private PartitionTask() {}

  /**
   * The job's accumulators: the work done by this run's tasks (a resumed slice adds nothing).
   *
   * @param badRecords bad records of the input
   * @param skippedSamples inputs the augmenter skipped
   * @param selectionErrors samples the selection pipeline skipped
   * @param pairs pairs written
   * @param computed slices computed
   * @param reused slices found committed
   */
  record Counters(
      LongAccumulator badRecords,
      LongAccumulator skippedSamples,
      LongAccumulator selectionErrors,
      LongAccumulator pairs,
      LongAccumulator computed,
      LongAccumulator reused)
      implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** Returns the folder of a committed slice. */
  static Path partDir(Path out, int partition) {
    return out.resolve("parts").resolve(String.format(Locale.ROOT, "part-%05d", partition));
  }

  /**
   * Returns the committed slice's summary if it is there, else builds and commits the slice.
   *
   * @param spec the job
   * @param partition the slice
   * @param pool the companion pool of the whole input
   * @param counters the accumulators
   * @return the slice's summary, as JSON
   */
  static String runOrReuse(JobSpec spec, int partition, CompanionPool pool, Counters counters) {
    Path done = partDir(Path.of(spec.out()), partition);
    try {
      if (Files.isDirectory(done)) {
        counters.reused().add(1);
        return Files.readString(done.resolve(SUMMARY), StandardCharsets.UTF_8);
      }
      Files.createDirectories(done.getParent());
      Path temp = done.resolveSibling("." + done.getFileName() + "." + UUID.randomUUID() + ".tmp");
      Files.createDirectory(temp);
      PartitionSummary summary = build(spec, partition, pool, counters, temp);
      String json = summary.toJson();
      Files.writeString(temp.resolve(SUMMARY), json, StandardCharsets.UTF_8);
      commit(temp, done);
      counters.computed().add(1);
      return Files.readString(done.resolve(SUMMARY), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write partition " + partition + " to " + done, e);
    }
  }

  /**
   * Renames the attempt's folder onto the slice's; a slice another attempt committed first wins.
   */
  private static void commit(Path temp, Path done) throws IOException {
    try {
      Files.move(temp, done, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
      if (!Files.isDirectory(done)) {
        throw e;
      }
      deleteTree(temp); // a speculative twin committed the same slice first
    } catch (IOException e) {
      if (!Files.isDirectory(done)) {
        throw e;
      }
      deleteTree(temp); // e.g. DirectoryNotEmptyException: the same
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static PartitionSummary build(
      JobSpec spec, int partition, CompanionPool pool, Counters counters, Path dir) {
    long began = System.nanoTime();
    long start = spec.start(partition);
    long end = spec.end(partition);
    boolean last = partition == spec.partitions() - 1;
    Path imageRoot = Path.of(spec.imageRoot());

    // 1. the slice's good records, and its share of the bad ones
    long[] bad = {0};
    List<String> badMessages = new ArrayList<>();
    AtomicReference<@Nullable RecordStream<SftSample>> stream = new AtomicReference<>();
    DatasetReader reader =
        DatasetReader.builder()
            .onBadRecord(spec.onBadRecord())
            .badRecordListener(
                b -> {
                  RecordStream<SftSample> records = stream.get();
                  long seen = records == null ? 0 : records.deliveredCount();
                  if ((seen >= start && seen < end) || (last && seen >= end)) {
                    bad[0]++;
                    counters.badRecords().add(1);
                    if (badMessages.size() < MAX_MESSAGES) {
                      badMessages.add(where(b) + ": " + b.message());
                    }
                  }
                })
            .build();
    AugmentSummary augmented;
    Path multiImage = dir.resolve(MULTI_IMAGE);
    try (RecordStream<SftSample> records = reader.readLlava(Path.of(spec.data()));
        JsonlWriter<MultiImageSample> writer =
            JsonlWriter.open(multiImage, MiaMultiImageCodec.INSTANCE, WriteMode.REPLACE)) {
      stream.set(records);
      ImageStore store =
          ImageStore.builder(Path.of(spec.composed())).pathsRelativeTo(imageRoot).build();
      // 2. multi-image samples, each seeded by its position in the whole input
      augmented =
          spec.augmenter()
              .run(
                  slice(records, start, end, last),
                  start,
                  new Workspace(imageRoot, pool, store, spec.pathPolicy(), spec.imageLimits()),
                  writer::write,
                  new AugmentListener() {
                    @Override
                    public void skipped(SkippedSample skipped) {
                      counters.skippedSamples().add(1);
                    }
                  });
      writer.commit();
    }

    // 3. pairs and 4. reference log-probs, with this JVM's model
    SelectionReport report;
    List<PreferencePair> pairs = new ArrayList<>();
    ReferenceStats reference;
    long uncollatable = 0;
    try (ModelPool.Lease lease = ModelPool.borrow(spec.model());
        NDManager manager = NDManager.newBaseManager();
        RecordStream<MultiImageSample> samples =
            DatasetReader.DEFAULT.readMiaMultiImage(multiImage);
        JsonlWriter<PreferencePair> lossless =
            JsonlWriter.open(dir.resolve(PAIRS), MiaPairCodec.INSTANCE, WriteMode.REPLACE);
        JsonlWriter<PreferencePair> trl =
            JsonlWriter.open(
                dir.resolve(TRL_PAIRS),
                TrlPairEncoder.of(TrlStyle.STANDARD).withImageRoot(imageRoot),
                WriteMode.REPLACE)) {
      TrainableVisionLanguageModel model = lease.model();
      SelectionPipeline.Run run = spec.pipeline(model).start(manager);
      // the samples are this job's own output: their composed paths are trusted
      try (Stream<PreferencePair> selected =
          run.multiImage(samples.stream(), ImageSource.fromRoot(imageRoot, PathPolicy.ANYWHERE))) {
        selected.forEach(
            pair -> {
              pairs.add(pair);
              lossless.write(pair);
              trl.write(pair);
            });
      }
      lossless.commit();
      trl.commit();
      report = run.report();
      counters.selectionErrors().add(report.errors());
      counters.pairs().add(pairs.size());

      PreferenceCollator collator =
          PreferenceCollator.builder(model.tokenizer())
              .imageRoot(imageRoot)
              .maxLength(model.maxSequenceLength())
              .build();
      List<PreferencePair> scorable = new ArrayList<>();
      for (PreferencePair pair : pairs) {
        try {
          collator.collate(pair);
          scorable.add(pair);
        } catch (CollationException e) {
          uncollatable++;
        }
      }
      ReferenceLogProbs referenceLogProbs =
          ReferenceLogProbs.builder(ReferenceLogProbCache.open(Path.of(spec.cache())), model)
              .batchSize(spec.batchSize())
              .build();
      for (int i = 0; i < scorable.size(); i += spec.batchSize()) {
        referenceLogProbs.precompute(
            List.of(
                collator.collate(
                    scorable.subList(i, Math.min(scorable.size(), i + spec.batchSize())))));
      }
      reference = referenceLogProbs.stats();
    }
    return new PartitionSummary(
        partition,
        start,
        end,
        bad[0],
        badMessages,
        AugmentCounts.of(augmented),
        report,
        uncollatable,
        reference.hits(),
        reference.misses(),
        (System.nanoTime() - began) / 1e9);
  }

  /**
   * The good records {@code [start, end)} of the stream, lazily. It stops after record {@code end -
   * 1} (bad records after it belong to the next slice), except in the last slice, which reads to
   * the end.
   */
  private static Stream<SftSample> slice(
      RecordStream<SftSample> records, long start, long end, boolean last) {
    Iterator<SftSample> it =
        new Iterator<>() {
          private @Nullable SftSample next;

          @Override
          public boolean hasNext() {
            while (next == null) {
              if (records.deliveredCount() >= end) {
                if (last) {
                  while (records.hasNext()) {
                    records.next(); // none: end is the last good record; reads trailing bad ones
                  }
                }
                return false;
              }
              if (!records.hasNext()) {
                return false;
              }
              long index = records.deliveredCount();
              SftSample sample = records.next();
              if (index >= start) {
                next = sample;
              }
            }
            return true;
          }

          @Override
          public SftSample next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            SftSample out = next;
            next = null;
            return out;
          }
        };
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false);
  }

  /** Where a bad record is, as {@code BuildMultiImageCommand} says it. */
  private static String where(BadRecord bad) {
    return bad.recordIndex() >= 0 ? "bad record " + bad.recordIndex() : "bad line " + bad.line();
  }
}
