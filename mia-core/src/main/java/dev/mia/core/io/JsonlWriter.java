package dev.mia.core.io;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mia.core.DataFormatException;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes records as JSON lines, atomically and resumably.
 *
 * <p>Lines go to {@code <target>.partial} in the target's folder; {@link #commit()} flushes and
 * syncs it and renames it onto the target in one atomic step ({@link
 * StandardCopyOption#ATOMIC_MOVE}, or a replacing move where the file system cannot do that). So
 * the target is either absent, the previous complete file, or the new complete file: never partial
 * output. Each line is the encoder's JSON object (fixed field order, no pretty printing) and a
 * {@code '\n'}, in UTF-8.
 *
 * <pre>{@code
 * try (JsonlWriter<PreferencePair> out =
 *     JsonlWriter.open(target, TrlPairEncoder.of(TrlStyle.CONVERSATIONAL), WriteMode.RESUME)) {
 *   for (PreferencePair pair : pairs) {
 *     if (!out.alreadyWritten(pair.id())) {
 *       out.write(pair);
 *     }
 *   }
 *   out.commit();
 * }
 * }</pre>
 *
 * <h2>Closing without commit</h2>
 *
 * {@link #close()} without {@link #commit()} flushes what was written to the {@code .partial} file
 * and leaves the target alone: a run that fails half-way inside try-with-resources publishes
 * nothing, and {@link WriteMode#RESUME} can continue from it, exactly as after a killed process.
 *
 * <h2>Resuming</h2>
 *
 * Opened with {@link WriteMode#RESUME}, the writer keeps the complete lines of a killed run and
 * tells which ids they hold ({@link #alreadyWritten}, {@link #writtenCount}). A run that writes the
 * same records in the same order, skipping those ids, produces a file byte for byte equal to an
 * uninterrupted run's, since each record's line depends on the record only. A line is written to
 * the file in one piece after it is fully encoded, so an encoding failure leaves nothing behind.
 *
 * <h2>Memory and threads</h2>
 *
 * The writer keeps a compact index of the ids written (64-bit fingerprints, 12 to 24 bytes per
 * record, never the strings), to refuse a duplicate and to answer {@link #alreadyWritten}. It is
 * not thread-safe: the order of lines is the order of calls, so funnel records to one writing
 * thread.
 *
 * <h2>One writer per target</h2>
 *
 * {@link #open} locks the target before it touches any file: an OS lock ({@link
 * FileChannel#tryLock()}) on {@code <target>.lock} ({@link #lockFileOf}), which names the holder
 * (pid, host, start time). A second writer for the same target, in another process or in this JVM,
 * fails at once with an {@link OutputLockedException} naming the target and the holder, and changes
 * nothing. The lock is released by {@link #commit()} (after the rename) and by {@link #close()};
 * the kernel releases it when the process dies, so a lock file left by {@code kill -9} does not
 * block a later {@link WriteMode#RESUME}. The lock file stays, empty, after release (deleting it
 * could let two writers lock two different files).
 *
 * @param <T> the record type
 */
public final class JsonlWriter<T> implements AutoCloseable {
  private enum State {
    OPEN,
    COMMITTED,
    CLOSED
  }

  private final Path target;
  private final Path partial;
  private final RecordEncoder<T> encoder;
  private final FileChannel channel;
  private final TargetLock lock;
  private final OutputStream out;
  private final IdIndex ids;
  private final long resumedCount;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
  private State state = State.OPEN;

  private JsonlWriter(
      Path target,
      Path partial,
      RecordEncoder<T> encoder,
      FileChannel channel,
      TargetLock lock,
      IdIndex ids) {
    this.target = target;
    this.partial = partial;
    this.encoder = encoder;
    this.channel = channel;
    this.lock = lock;
    this.out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
    this.ids = ids;
    this.resumedCount = ids.size();
  }

  /**
   * Opens a writer for a target file.
   *
   * @param target the final file, e.g. {@code pairs.jsonl}; its folder is created if missing
   * @param encoder how to write each record
   * @param mode whether to start empty or continue an earlier run
   * @param <T> the record type
   * @return the writer; commit it, then close it
   * @throws OutputLockedException if another writer holds the target; nothing is changed then
   * @throws DataFormatException if a {@code .partial} file to resume holds a complete line that is
   *     not a JSON object with a string {@code id}, or an id twice
   * @throws UncheckedIOException if the folder or the files cannot be created, read or written
   */
  public static <T> JsonlWriter<T> open(Path target, RecordEncoder<T> encoder, WriteMode mode) {
    requireNonNull(encoder, "encoder");
    requireNonNull(mode, "mode");
    Path partial = partialFileOf(target);
    Path folder = target.toAbsolutePath().getParent();
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the folder " + folder + " of " + target, e);
    }
    TargetLock lock = TargetLock.acquire(target, lockFileOf(target));
    try {
      return open(target, partial, encoder, mode, lock);
    } catch (RuntimeException e) {
      try {
        lock.close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private static <T> JsonlWriter<T> open(
      Path target, Path partial, RecordEncoder<T> encoder, WriteMode mode, TargetLock lock) {
    try {
      IdIndex ids = new IdIndex();
      FileChannel channel;
      if (mode == WriteMode.RESUME && (Files.exists(partial) || Files.exists(target))) {
        if (!Files.exists(partial)) {
          Files.copy(target, partial, StandardCopyOption.REPLACE_EXISTING);
        }
        channel = FileChannel.open(partial, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
          channel.truncate(completeLength(channel));
          readIds(partial, ids);
          channel.position(channel.size());
        } catch (RuntimeException | IOException e) {
          channel.close();
          throw e;
        }
      } else {
        channel =
            FileChannel.open(
                partial,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
      }
      return new JsonlWriter<>(target, partial, encoder, channel, lock, ids);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + partial + " for writing", e);
    }
  }

  /**
   * Returns the file a writer for the target writes to until it commits.
   *
   * @param target the final file
   * @return {@code target} with {@code .partial} appended to its name, in the same folder
   */
  public static Path partialFileOf(Path target) {
    Path name = target.getFileName();
    if (name == null) {
      throw new IllegalArgumentException("target must name a file, but is: " + target);
    }
    return target.resolveSibling(name + ".partial");
  }

  /**
   * Returns the lock file a writer for the target holds while it is open.
   *
   * @param target the final file
   * @return {@code target} with {@code .lock} appended to its name, in the same folder
   */
  public static Path lockFileOf(Path target) {
    Path name = target.getFileName();
    if (name == null) {
      throw new IllegalArgumentException("target must name a file, but is: " + target);
    }
    return target.resolveSibling(name + ".lock");
  }

  /** The length of the complete lines: up to and including the last '\n'. */
  private static long completeLength(FileChannel channel) throws IOException {
    ByteBuffer chunk = ByteBuffer.allocate(8192);
    long end = channel.size();
    while (end > 0) {
      long start = Math.max(0, end - chunk.capacity());
      chunk.clear().limit((int) (end - start));
      while (chunk.hasRemaining()) {
        if (channel.read(chunk, start + chunk.position()) < 0) {
          throw new IOException("file shrank while reading");
        }
      }
      for (int i = chunk.limit() - 1; i >= 0; i--) {
        if (chunk.get(i) == '\n') {
          return start + i + 1;
        }
      }
      end = start;
    }
    return 0;
  }

  private static void readIds(Path partial, IdIndex ids) throws IOException {
    String source = String.valueOf(partial.getFileName());
    try (InputStream in = Files.newInputStream(partial);
        JsonLinesSource lines = new JsonLinesSource(in, source)) {
      for (RawRecord raw = lines.next(); raw != null; raw = lines.next()) {
        DataFormatException failure = raw.failure();
        if (failure != null) {
          throw failure;
        }
        JsonNode node = requireNonNull(raw.node());
        JsonNode id = node.get("id");
        if (id == null || !id.isTextual()) {
          throw new DataFormatException(
              source, raw.line(), -1, -1, "a written line must have a string 'id'", null);
        }
        if (!IdIndex.isNew(ids.putIfAbsent(id.textValue(), raw.line()))) {
          throw new DataFormatException(
              source, raw.line(), -1, -1, "id '" + id.textValue() + "' is written twice", null);
        }
      }
    }
  }

  /**
   * Returns the file this writer commits to.
   *
   * @return the target
   */
  public Path target() {
    return target;
  }

  /**
   * Tells whether a record with this id is in the file, from a resumed run or from this one.
   *
   * <p>Ids are remembered as 64-bit fingerprints (12 to 24 bytes each, never the strings), so the
   * answer is exact but for a fingerprint collision, whose chance is about {@code n^2 / 2^65} for
   * {@code n} ids: under 1e-7 for a million.
   *
   * @param id the id
   * @return true if it is written
   */
  public boolean alreadyWritten(String id) {
    return ids.contains(id);
  }

  /**
   * Returns how many records are in the file, resumed ones included.
   *
   * @return the number of lines written
   */
  public long writtenCount() {
    return ids.size();
  }

  /**
   * Returns how many records the resumed file held when this writer opened it.
   *
   * @return the number of complete lines kept, 0 when not resuming
   */
  public long resumedCount() {
    return resumedCount;
  }

  /**
   * Appends a record as one line.
   *
   * @param record the record
   * @throws IllegalArgumentException if its id is already written, or the encoder refuses it
   *     (nothing is written then)
   * @throws IllegalStateException if the writer is committed or closed
   * @throws UncheckedIOException if writing fails
   */
  public void write(T record) {
    requireOpen();
    String id = encoder.id(record);
    if (ids.contains(id)) {
      throw new IllegalArgumentException(
          "id '" + id + "' is already written to " + partial.getFileName());
    }
    line.reset();
    try (JsonGenerator g = Jackson.FACTORY.createGenerator(line, JsonEncoding.UTF8)) {
      encoder.encode(record, g);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode record '" + id + "'", e);
    }
    line.write('\n');
    try {
      line.writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to " + partial, e);
    }
    ids.putIfAbsent(id, ids.size() + 1L);
  }

  /**
   * Pushes buffered lines to the {@code .partial} file, so that a later kill loses none of them.
   *
   * @throws IllegalStateException if the writer is committed or closed
   * @throws UncheckedIOException if writing fails
   */
  public void flush() {
    requireOpen();
    try {
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to " + partial, e);
    }
  }

  /**
   * Finishes the file: flushes, syncs to disk, and renames the {@code .partial} file onto the
   * target atomically (replacing an existing target).
   *
   * @throws IllegalStateException if the writer is already committed or closed
   * @throws UncheckedIOException if writing or renaming fails; the {@code .partial} file stays
   */
  public void commit() {
    requireOpen();
    state = State.CLOSED;
    try {
      out.flush();
      channel.force(true);
      out.close();
      try {
        Files.move(
            partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      lock.close();
      throw new UncheckedIOException("cannot commit " + partial + " to " + target, e);
    }
    state = State.COMMITTED;
    lock.close();
  }

  /**
   * Closes the writer. After {@link #commit()} this does nothing; without it, the lines written are
   * flushed to the {@code .partial} file, which stays for a later {@link WriteMode#RESUME}, and the
   * target is left as it was. Idempotent.
   *
   * @throws UncheckedIOException if flushing or closing fails
   */
  @Override
  public void close() {
    if (state != State.OPEN) {
      return;
    }
    state = State.CLOSED;
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close " + partial, e);
    } finally {
      lock.close();
    }
  }

  private void requireOpen() {
    if (state != State.OPEN) {
      throw new IllegalStateException(
          "the writer for "
              + target.getFileName()
              + " is "
              + state.name().toLowerCase(java.util.Locale.ROOT));
    }
  }

  @Override
  public String toString() {
    return "JsonlWriter(target=" + target + ", encoder=" + encoder + ", state=" + state + ")";
  }
}
