package dev.mia.core.io;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.mia.core.data.MultiImageSample;
import dev.mia.core.data.PreferencePair;
import dev.mia.core.data.SftSample;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Opens datasets as {@link RecordStream}s: LLaVA instruction data (a JSON array such as
 * LLaVA-665k's {@code llava_v1_5_mix665k.json}, or JSON lines), mia's own JSONL forms, and any
 * other JSON lines through a {@link JsonLineDecoder} ({@link #readJsonLines(InputStream, String,
 * JsonLineDecoder)}).
 *
 * <pre>{@code
 * DatasetReader reader =
 *     DatasetReader.builder().onBadRecord(OnBadRecord.SKIP).badRecordListener(report::add).build();
 * try (Stream<SftSample> samples = reader.readLlava(Path.of("llava_v1_5_mix665k.json")).stream()) {
 *   samples.forEach(...);
 * }
 * }</pre>
 *
 * <h2>What is checked</h2>
 *
 * <ul>
 *   <li>Bytes: strict UTF-8 (no overlong forms, surrogates or code points above U+10FFFF; Jackson
 *       alone lets these through). A UTF-8 byte order mark is ignored.
 *   <li>Syntax: one JSON object per array element or per non-blank line; duplicate keys in an
 *       object are an error.
 *   <li>Shape: required fields present with the right types; unknown fields are ignored.
 *   <li>Rules: the value's constructor ({@link SftSample}, {@link PreferencePair}, {@link
 *       MultiImageSample}) throws {@link dev.mia.core.InvalidSampleException} naming the id, e.g.
 *       for an empty answer or {@code <image>} placeholders that do not match the images.
 *   <li>Ids: an id seen before in the same input is an {@code InvalidSampleException}: {@code
 *       sample '7': duplicate id, first seen in record 2} (or {@code line 3} for JSON lines).
 * </ul>
 *
 * Byte, syntax and shape faults throw {@link dev.mia.core.DataFormatException} naming the file, the
 * line, the column and, in a JSON array, the record's 0-based index: {@code data.json: line 3,
 * column 17 (record 1): field 'conversations' is missing}.
 *
 * <h2>Inputs that are not datasets</h2>
 *
 * Two inputs fail when they are opened, whatever {@link OnBadRecord} says, with a {@link
 * dev.mia.core.DataFormatException} naming the input: an empty one (no bytes, or only whitespace
 * and a byte order mark), unless the builder's {@link Builder#emptyInput} allows it; and a single
 * JSON object spread over several lines (a pretty-printed {@code {"data": [...]}}), which is
 * neither a JSON array nor JSON lines and would otherwise be one bad record per line. A JSON object
 * that fits on its first line is read as JSON lines. An empty array {@code []} is valid and holds
 * no records.
 *
 * <h2>Bad records</h2>
 *
 * Under {@link OnBadRecord#FAIL} (the default) the first bad record's exception ends the read.
 * Under {@link OnBadRecord#SKIP} it goes to the listener as a {@link BadRecord} and the read goes
 * on; every good record before and after it is delivered. A syntax error or invalid UTF-8 inside a
 * JSON array is always fatal, as the parser cannot find the next element reliably after it; in JSON
 * lines each line stands alone, so only that line is skipped.
 *
 * <p>Immutable and thread-safe (the listener is called from the thread that iterates); each stream
 * it opens is for one thread.
 */
public final class DatasetReader {
  /** Fails on the first bad record. */
  public static final DatasetReader DEFAULT = builder().build();

  private final OnBadRecord onBadRecord;
  private final Consumer<BadRecord> badRecordListener;
  private final EmptyInput emptyInput;

  private DatasetReader(Builder builder) {
    this.onBadRecord = builder.onBadRecord;
    this.badRecordListener = builder.badRecordListener;
    this.emptyInput = builder.emptyInput;
  }

  /**
   * Starts a builder.
   *
   * @return a builder for a reader that fails on the first bad record
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns what this reader does with a bad record.
   *
   * @return the policy
   */
  public OnBadRecord onBadRecord() {
    return onBadRecord;
  }

  /**
   * Returns what this reader does with an empty input.
   *
   * @return the policy
   */
  public EmptyInput emptyInput() {
    return emptyInput;
  }

  /**
   * Opens a LLaVA instruction file: a JSON array of records if its first non-blank character is
   * {@code [}, JSON lines otherwise. A record is {@code {"id": "000000033471", "image":
   * "coco/train2017/000000033471.jpg", "conversations": [{"from": "human", "value": "<image>\nWhat
   * are the colors of the bus in the image?"}, {"from": "gpt", "value": "..."}]}}: the id a string
   * or an integer (kept as its digits), the image absent (text-only), a path or an array of paths
   * (multi-image), the roles {@code human}/{@code user} and {@code gpt}/{@code assistant}.
   *
   * @param file the file
   * @return the records, streamed; close it
   * @throws dev.mia.core.DataFormatException if the file is empty (unless allowed) or a single JSON
   *     object over several lines; the message names the file
   * @throws UncheckedIOException if the file cannot be opened
   */
  public RecordStream<SftSample> readLlava(Path file) {
    return readLlava(open(file), label(file));
  }

  /**
   * Reads LLaVA instruction data from a stream, as {@link #readLlava(Path)}.
   *
   * @param in the bytes; closed when the result is closed
   * @param source the label to name the input by in messages, e.g. its file name
   * @return the records, streamed; close it
   * @throws UncheckedIOException if the stream cannot be read
   */
  public RecordStream<SftSample> readLlava(InputStream in, String source) {
    BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
    boolean array = sniff(buffered, source) == InputSniffer.Kind.ARRAY;
    RecordSource records =
        array ? new JsonArraySource(buffered, source) : new JsonLinesSource(buffered, source);
    return new RecordStream<>(
        source, records, LlavaDecoder.INSTANCE, onBadRecord, badRecordListener);
  }

  /**
   * Opens JSON lines of {@link SftSample}s in mia's own form ({@link MiaSftCodec}).
   *
   * @param file the file
   * @return the samples, streamed; close it
   * @throws UncheckedIOException if the file cannot be opened
   */
  public RecordStream<SftSample> readMiaSft(Path file) {
    return lines(file, MiaSftCodec.decoder());
  }

  /**
   * Opens JSON lines of {@link PreferencePair}s in mia's own form ({@link MiaPairCodec}).
   *
   * @param file the file
   * @return the pairs, streamed; close it
   * @throws UncheckedIOException if the file cannot be opened
   */
  public RecordStream<PreferencePair> readMiaPairs(Path file) {
    return lines(file, MiaPairCodec.decoder());
  }

  /**
   * Opens JSON lines of {@link MultiImageSample}s in mia's own form ({@link MiaMultiImageCodec}).
   *
   * @param file the file
   * @return the samples, streamed; close it
   * @throws UncheckedIOException if the file cannot be opened
   */
  public RecordStream<MultiImageSample> readMiaMultiImage(Path file) {
    return lines(file, MiaMultiImageCodec.decoder());
  }

  /**
   * Opens any JSON-lines file, turning each line's object into a value with {@code decoder}; see
   * {@link #readJsonLines(InputStream, String, JsonLineDecoder)}.
   *
   * @param <T> the value type
   * @param file the file, named in messages by its file name
   * @param decoder turns a line's object into a value
   * @return the values, streamed; close it
   * @throws UncheckedIOException if the file cannot be opened
   */
  public <T> RecordStream<T> readJsonLines(Path file, JsonLineDecoder<T> decoder) {
    return readJsonLines(open(file), label(file), decoder);
  }

  /**
   * Reads any JSON lines, turning each line's object into a value with {@code decoder}: the reader
   * for formats that are not mia's own, such as the answer files of {@code dev.mia.core.eval}.
   *
   * <p>The input is checked as for every JSON-lines read (see the type's documentation): strict
   * UTF-8 line by line, a byte order mark and the {@code '\r'} of CRLF dropped, blank lines
   * ignored, each other line one JSON object without duplicate keys. Lines are numbered from 1,
   * blank ones included. A line that breaks these rules, or that the decoder rejects as its {@link
   * JsonLineDecoder contract} says, is a bad record named by source and line, e.g. {@code
   * answers.jsonl: line 2: field 'answer' is missing}: under {@link OnBadRecord#FAIL} the stream
   * throws it, under {@link OnBadRecord#SKIP} the listener gets it as a {@link BadRecord} (with
   * {@code recordIndex} -1 and the line's {@code id} field if it has a usable one) and the next
   * line is read. Values have no ids as far as this reader knows, so no duplicate check is made.
   *
   * @param <T> the value type
   * @param in the bytes; closed when the result is closed
   * @param source the label to name the input by in messages, e.g. its file name
   * @param decoder turns a line's object into a value
   * @return the values, streamed; close it
   */
  public <T> RecordStream<T> readJsonLines(
      InputStream in, String source, JsonLineDecoder<T> decoder) {
    requireNonNull(decoder, "decoder");
    BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
    sniff(buffered, source);
    RecordDecoder<T> adapter =
        new RecordDecoder<>() {
          @Override
          public T decode(JsonNode record) {
            // JsonLinesSource hands over objects only
            T value = decoder.decode((ObjectNode) record);
            if (value == null) {
              throw new IllegalStateException("the decoder " + decoder + " returned null");
            }
            return value;
          }

          @Override
          public @Nullable String idOf(T value) {
            return null;
          }
        };
    return new RecordStream<>(
        source, new JsonLinesSource(buffered, source), adapter, onBadRecord, badRecordListener);
  }

  private <T> RecordStream<T> lines(Path file, RecordDecoder<T> decoder) {
    String source = label(file);
    BufferedInputStream buffered = new BufferedInputStream(open(file), 1 << 16);
    sniff(buffered, source);
    return new RecordStream<>(
        source, new JsonLinesSource(buffered, source), decoder, onBadRecord, badRecordListener);
  }

  /** Sniffs the input's start; closes it and throws if it can never be read as records. */
  private InputSniffer.Kind sniff(BufferedInputStream in, String source) {
    try {
      return InputSniffer.check(in, source, emptyInput);
    } catch (IOException | RuntimeException e) {
      try {
        in.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      if (e instanceof IOException io) {
        throw new UncheckedIOException("cannot read " + source, io);
      }
      throw (RuntimeException) e;
    }
  }

  private static InputStream open(Path file) {
    try {
      return Files.newInputStream(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + file, e);
    }
  }

  private static String label(Path file) {
    Path name = file.getFileName();
    return name == null ? file.toString() : name.toString();
  }

  @Override
  public String toString() {
    return "DatasetReader(onBadRecord=" + onBadRecord + ", emptyInput=" + emptyInput + ")";
  }

  /** Builds a {@link DatasetReader}; not thread-safe, the reader it builds is immutable. */
  public static final class Builder {
    private OnBadRecord onBadRecord = OnBadRecord.FAIL;
    private Consumer<BadRecord> badRecordListener = bad -> {};
    private EmptyInput emptyInput = EmptyInput.FAIL;

    private Builder() {}

    /**
     * Sets what to do with an input that holds nothing (no bytes, or only whitespace). Default:
     * {@link EmptyInput#FAIL}, a {@link dev.mia.core.DataFormatException} naming the input when it
     * is opened.
     *
     * @param emptyInput the policy
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder emptyInput(EmptyInput emptyInput) {
      this.emptyInput = requireNonNull(emptyInput, "emptyInput");
      return this;
    }

    /**
     * Sets what to do with a bad record. Default: {@link OnBadRecord#FAIL}.
     *
     * @param onBadRecord the policy
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder onBadRecord(OnBadRecord onBadRecord) {
      this.onBadRecord = requireNonNull(onBadRecord, "onBadRecord");
      return this;
    }

    /**
     * Sets who hears of skipped records under {@link OnBadRecord#SKIP}. Default: nobody (the stream
     * still counts them, see {@link RecordStream#skippedCount()}).
     *
     * @param badRecordListener called once per skipped record, on the iterating thread
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder badRecordListener(Consumer<BadRecord> badRecordListener) {
      this.badRecordListener = requireNonNull(badRecordListener, "badRecordListener");
      return this;
    }

    /**
     * Builds the reader.
     *
     * @return the reader
     */
    public DatasetReader build() {
      return new DatasetReader(this);
    }
  }
}
