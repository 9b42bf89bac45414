package dev.mia.core.eval;

import dev.mia.core.io.BadRecord;
import dev.mia.core.io.DatasetReader;
import dev.mia.core.io.JsonLineDecoder;
import dev.mia.core.io.OnBadRecord;
import dev.mia.core.io.RecordStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The JSONL reading the evaluators share: a file opened and named by its path, its lines read by
 * {@link DatasetReader#readJsonLines(InputStream, String, JsonLineDecoder)} under an {@link
 * OnBadRecord} policy, the skipped lines collected for the report.
 */
final class AnswerFile {
  private AnswerFile() {}

  /**
   * Opens {@code file} and evaluates it with {@code evaluation}, naming it by its full path.
   *
   * @throws UncheckedIOException if the file cannot be read
   */
  static <R> R evaluate(Path file, BiFunction<InputStream, String, R> evaluation) {
    try (InputStream in = Files.newInputStream(file)) {
      return evaluation.apply(in, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads {@code in} to its end, without closing it, and hands each decoded line to {@code sink}.
   *
   * @return the lines skipped under {@link OnBadRecord#SKIP}, in input order
   * @throws dev.mia.core.DataFormatException at the first bad line under {@link OnBadRecord#FAIL}
   * @throws UncheckedIOException if reading fails
   */
  static <T> List<BadRecord> read(
      InputStream in,
      String source,
      OnBadRecord onBadRecord,
      JsonLineDecoder<T> decoder,
      Consumer<? super T> sink) {
    List<BadRecord> skipped = new ArrayList<>();
    DatasetReader reader =
        DatasetReader.builder().onBadRecord(onBadRecord).badRecordListener(skipped::add).build();
    try (RecordStream<T> lines = reader.readJsonLines(new KeptOpen(in), source, decoder)) {
      lines.forEachRemaining(sink);
    }
    return skipped;
  }

  /** Leaves the caller's stream open when the record stream closes. */
  private static final class KeptOpen extends FilterInputStream {
    KeptOpen(InputStream in) {
      super(in);
    }

    @Override
    public void close() {
      // the caller owns the stream
    }
  }
}
