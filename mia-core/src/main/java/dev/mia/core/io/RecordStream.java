package dev.mia.core.io;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mia.core.DataFormatException;
import dev.mia.core.InvalidSampleException;
import dev.mia.core.MiaException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * The records of one input, decoded and validated one at a time as the caller asks for them. Made
 * by {@link DatasetReader}; close it (or the {@link #stream()}) to close the file.
 *
 * <p>Each record is checked for its shape, its type's rules (the value's constructor) and, for
 * types with ids, for an id already seen in this input; a failing record either ends the read with
 * its exception ({@link OnBadRecord#FAIL}) or is reported and skipped ({@link OnBadRecord#SKIP}),
 * see {@link DatasetReader}.
 *
 * <h2>Memory</h2>
 *
 * Only the current record is held, plus a compact index of the ids seen so far (64-bit fingerprints
 * with the position of each, to report duplicates): 12 to 24 bytes per record, about 12 MB for
 * LLaVA-665k, never the records or the id strings themselves.
 *
 * <h2>Threads</h2>
 *
 * Not thread-safe: iterate from one thread.
 *
 * @param <T> the record type
 */
public final class RecordStream<T> implements Iterator<T>, AutoCloseable {
  private final String source;
  private final RecordSource records;
  private final RecordDecoder<T> decoder;
  private final OnBadRecord onBadRecord;
  private final Consumer<BadRecord> listener;
  private final IdIndex seenIds = new IdIndex();
  private @Nullable T next;
  private boolean done;
  private long delivered;
  private long skipped;

  RecordStream(
      String source,
      RecordSource records,
      RecordDecoder<T> decoder,
      OnBadRecord onBadRecord,
      Consumer<BadRecord> listener) {
    this.source = source;
    this.records = records;
    this.decoder = decoder;
    this.onBadRecord = onBadRecord;
    this.listener = listener;
  }

  /**
   * Tells whether another valid record follows, reading ahead to it.
   *
   * @return true if {@link #next()} will return a record
   * @throws DataFormatException if the input is malformed (under {@link OnBadRecord#FAIL}, or past
   *     recovery whatever the policy)
   * @throws InvalidSampleException if a record breaks its type's rules or repeats an id, under
   *     {@link OnBadRecord#FAIL}
   * @throws UncheckedIOException if reading fails
   */
  @Override
  public boolean hasNext() {
    while (next == null && !done) {
      RawRecord raw = records.next();
      if (raw == null) {
        done = true;
        break;
      }
      try {
        next = decode(raw);
      } catch (MiaException e) {
        if (onBadRecord == OnBadRecord.FAIL) {
          done = true;
          throw e;
        }
        skipped++;
        String id =
            e instanceof InvalidSampleException invalid
                ? invalid.sampleId()
                : JsonFields.idOrNull(raw.node());
        listener.accept(new BadRecord(source, raw.line(), raw.recordIndex(), id, e));
      }
    }
    return next != null;
  }

  private T decode(RawRecord raw) {
    DataFormatException failure = raw.failure();
    if (failure != null) {
      throw failure;
    }
    JsonNode node = raw.node();
    if (node == null) {
      throw new IllegalStateException("a record without a tree must carry its failure");
    }
    T value;
    try {
      value = decoder.decode(node);
    } catch (ShapeException | IllegalArgumentException e) {
      throw new DataFormatException(
          source,
          raw.line(),
          raw.column(),
          raw.recordIndex(),
          String.valueOf(e.getMessage()),
          e instanceof ShapeException ? null : e);
    }
    String id = decoder.idOf(value);
    if (id == null) {
      return value;
    }
    // a JSON array record by its index, a JSON line by its negated line number
    long first = seenIds.putIfAbsent(id, raw.recordIndex() >= 0 ? raw.recordIndex() : -raw.line());
    if (!IdIndex.isNew(first)) {
      throw new InvalidSampleException(
          id, "duplicate id, first seen in " + (first >= 0 ? "record " + first : "line " + -first));
    }
    return value;
  }

  /**
   * Returns the next valid record.
   *
   * @return the record
   * @throws NoSuchElementException if there is none
   * @throws DataFormatException see {@link #hasNext()}
   * @throws InvalidSampleException see {@link #hasNext()}
   */
  @Override
  public T next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more records in " + source);
    }
    T value = next;
    next = null;
    delivered++;
    if (value == null) {
      throw new IllegalStateException("hasNext() left no record");
    }
    return value;
  }

  /**
   * Returns the records as a sequential, ordered stream that closes this reader when it is closed.
   *
   * @return the stream; use it in a try-with-resources block
   */
  public Stream<T> stream() {
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL),
            false)
        .onClose(this::close);
  }

  /**
   * Returns how many records {@link #next()} has returned.
   *
   * @return the count so far
   */
  public long deliveredCount() {
    return delivered;
  }

  /**
   * Returns how many bad records were skipped and reported under {@link OnBadRecord#SKIP}.
   *
   * @return the count so far
   */
  public long skippedCount() {
    return skipped;
  }

  /**
   * Closes the input. Idempotent.
   *
   * @throws UncheckedIOException if closing fails
   */
  @Override
  public void close() {
    done = true;
    next = null;
    try {
      records.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close " + source, e);
    }
  }
}
