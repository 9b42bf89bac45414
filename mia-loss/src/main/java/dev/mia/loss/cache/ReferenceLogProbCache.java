package dev.mia.loss.cache;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Per-token reference log-probabilities on disk, one file per {@link CacheKey}: the frozen
 * reference model of DPO (Rafailov et al., arXiv 2305.18290) scores each sample's answers once, and
 * later epochs (or runs) read the values back instead of running the reference pass again.
 *
 * <pre>{@code
 * ReferenceLogProbCache cache = ReferenceLogProbCache.open(Path.of("cache/ref-logprobs"));
 * float[] chosenRef = cache.computeIfAbsent(chosenKey, () -> scoreWithReference(sample, chosen));
 * }</pre>
 *
 * <h2>Layout</h2>
 *
 * The entry of key {@code k} is the file {@code folder/k[0..2)/k} (a two-level fan-out on the first
 * two hex characters keeps folders small). Its bytes, all little-endian: the magic {@code "MIAR"},
 * the format version (int32, 1), the key's 64 hex characters (ASCII), the token count {@code n}
 * (int32), {@code n} float32 values, and a CRC32 of all preceding bytes (int32).
 *
 * <h2>Damaged entries</h2>
 *
 * A read verifies the magic, the version, the key, that the token count matches the file size, the
 * checksum and that no value is NaN or {@code +Infinity}. Any mismatch (a truncated or bit-flipped
 * file, a file of another key, an unknown version) makes the lookup a miss, counted as {@linkplain
 * CacheStats#corrupt() corrupt}: it never throws and never returns the damaged data. The file stays
 * until the next {@link #put} of that key replaces it ({@link #computeIfAbsent} does so at once).
 *
 * <p>Only regular files are read: an entry path that is a directory, a FIFO, a device or a symbolic
 * link to one of them (links are followed, then the target must be a regular file) is a corrupt
 * miss too, and so is a dangling link. At most the header and the {@code 4n + 4} bytes it declares
 * are read, so no entry can make a lookup hang or fill the heap. {@link #put} replaces a FIFO or a
 * link by a regular entry, but not a directory: it throws {@link UncheckedIOException} naming the
 * entry.
 *
 * <h2>Concurrency</h2>
 *
 * Thread-safe, and safe across processes sharing the folder: a write goes to a uniquely named
 * temporary file in the entry's folder, is forced to disk, and is renamed onto the entry atomically
 * (or, where the file system cannot move atomically, with a replacing move). Readers therefore see
 * either no entry or one complete entry; two writers of one key both succeed and the last rename
 * wins. There is no locking: two threads missing the same key both compute it. A writer that dies
 * mid-write leaves a {@code *.tmp} file beside the entries, which lookups ignore.
 *
 * <h2>Non-finite values</h2>
 *
 * Log-probabilities are {@code <= 0}; {@code -Infinity} (a token of probability 0, e.g. at a masked
 * position) is stored as given. NaN and {@code +Infinity} are never valid log-probabilities and are
 * rejected by {@link #put}.
 *
 * <h2>Files</h2>
 *
 * Entries are created by {@link Files#createTempFile}, so on POSIX systems they are readable by
 * their owner only. An entry takes {@code 80 + 4n} bytes.
 */
public final class ReferenceLogProbCache {
  private final Path folder;
  private final CacheStatsAccumulator stats = new CacheStatsAccumulator();

  private ReferenceLogProbCache(Path folder) {
    this.folder = folder;
  }

  /**
   * Opens (creating if needed) a cache in a folder. Several caches, in one process or several, may
   * share a folder.
   *
   * @param folder the folder of the entries
   * @return the cache, with zero counts
   * @throws UncheckedIOException if the folder cannot be created or is not a folder
   */
  public static ReferenceLogProbCache open(Path folder) {
    requireNonNull(folder, "folder");
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the cache folder " + folder, e);
    }
    return new ReferenceLogProbCache(folder);
  }

  /**
   * Returns the folder of the entries.
   *
   * @return the folder
   */
  public Path folder() {
    return folder;
  }

  /**
   * Returns the file that holds (or would hold) a key's entry.
   *
   * @param key the key
   * @return {@code folder/<first two hex characters>/<hex>}
   */
  public Path entryFile(CacheKey key) {
    requireNonNull(key, "key");
    return folder.resolve(key.hex().substring(0, 2)).resolve(key.hex());
  }

  /**
   * Looks a key up.
   *
   * @param key the key
   * @return a fresh array of the per-token log-probabilities, or empty if there is no entry or it
   *     is damaged (see the class documentation)
   * @throws UncheckedIOException if the entry is a regular file that cannot be read (e.g. no
   *     permission); a damaged entry, or one that is not a regular file, is a miss, not an error
   */
  public Optional<float[]> get(CacheKey key) {
    Path file = entryFile(key);
    BasicFileAttributes attributes;
    try {
      // Follows a symbolic link: what counts is the file that would be read.
      attributes = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      if (Files.isSymbolicLink(file)) {
        stats.corruptMiss(); // a dangling link
      } else {
        stats.miss();
      }
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read cache entry " + file, e);
    }
    if (!attributes.isRegularFile() || attributes.size() > EntryFormat.maxSize()) {
      // A directory, a FIFO (opening it would block), a device (endless) or an impossible size.
      stats.corruptMiss();
      return Optional.empty();
    }
    byte[] bytes;
    try {
      bytes = readBounded(file, key);
    } catch (NoSuchFileException e) {
      stats.miss(); // replaced or removed since the attributes were read
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read cache entry " + file, e);
    }
    Optional<float[]> values = bytes == null ? Optional.empty() : EntryFormat.decode(bytes, key);
    if (values.isPresent()) {
      stats.hit();
    } else {
      stats.corruptMiss();
    }
    return values;
  }

  /**
   * Reads an entry, never more bytes than its header declares: the header first, then the {@code 4n
   * + 4} bytes it announces, and only if the opened file has exactly that size (so a damaged count
   * cannot make it allocate gigabytes). Returns null when the header is not this key's or the size
   * differs. The size is the opened file's: an entry renamed into place meanwhile is read whole or
   * not at all.
   */
  private static byte @Nullable [] readBounded(Path file, CacheKey key) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size < EntryFormat.HEADER) {
        return null;
      }
      ByteBuffer header = ByteBuffer.allocate(EntryFormat.HEADER);
      readFully(channel, header);
      int n = EntryFormat.tokenCount(header.array(), key);
      if (n < 0 || EntryFormat.size(n) != size) {
        return null;
      }
      ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(size));
      bytes.put(header.array());
      if (!readFully(channel, bytes)) {
        return null;
      }
      return bytes.array();
    }
  }

  /** Fills the buffer from the channel; false if the file ends first. */
  private static boolean readFully(FileChannel channel, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      if (channel.read(buffer) < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Looks a key up and returns the values as an array of the given manager.
   *
   * @param key the key
   * @param manager the manager of the result
   * @return float32 {@code [n]} attached to the manager, or empty as for {@link #get(CacheKey)}
   * @throws UncheckedIOException as for {@link #get(CacheKey)}
   */
  public Optional<NDArray> get(CacheKey key, NDManager manager) {
    requireNonNull(manager, "manager");
    return get(key).map(values -> manager.create(values, new Shape(values.length)));
  }

  /**
   * Stores a key's per-token log-probabilities, replacing any entry of the key.
   *
   * @param key the key
   * @param perTokenLogProbs the values, at most about 5.4e8 of them; copied, not kept
   * @throws IllegalArgumentException if a value is NaN or {@code +Infinity} (the message names the
   *     key and the index), or there are too many values
   * @throws UncheckedIOException if the entry cannot be written; no partial entry is left
   */
  public void put(CacheKey key, float[] perTokenLogProbs) {
    requireNonNull(key, "key");
    requireNonNull(perTokenLogProbs, "perTokenLogProbs");
    checkValues(key, perTokenLogProbs);
    Path target = entryFile(key);
    Path dir = requireNonNull(target.getParent(), "entry folder");
    byte[] bytes = EntryFormat.encode(key, perTokenLogProbs);
    Path temp = null;
    try {
      Files.createDirectories(dir);
      temp = Files.createTempFile(dir, key.hex() + ".", ".tmp");
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      temp = null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write cache entry " + target, e);
    } finally {
      if (temp != null) {
        deleteQuietly(temp);
      }
    }
    stats.write();
  }

  /**
   * Stores a key's per-token log-probabilities from an array, converted to float32 on the host.
   *
   * @param key the key
   * @param perTokenLogProbs {@code [n]}, floating point; not closed
   * @throws IllegalArgumentException if the array is not 1-D, or as for {@link #put(CacheKey,
   *     float[])}
   * @throws UncheckedIOException as for {@link #put(CacheKey, float[])}
   */
  public void put(CacheKey key, NDArray perTokenLogProbs) {
    requireNonNull(perTokenLogProbs, "perTokenLogProbs");
    if (perTokenLogProbs.getShape().dimension() != 1) {
      throw new IllegalArgumentException(
          "perTokenLogProbs must be [n], but has shape: " + perTokenLogProbs.getShape());
    }
    float[] values;
    if (perTokenLogProbs.getDataType() == DataType.FLOAT32) {
      values = perTokenLogProbs.toFloatArray();
    } else {
      try (NDArray asFloat = perTokenLogProbs.toType(DataType.FLOAT32, true)) {
        values = asFloat.toFloatArray();
      }
    }
    put(key, values);
  }

  /**
   * Returns a key's cached values, or computes, stores and returns them. The supplier runs only on
   * a miss (including a damaged entry, which the new values replace).
   *
   * @param key the key
   * @param compute computes the per-token log-probabilities of the key's sample
   * @return the cached values (a fresh array), or the supplier's array itself
   * @throws IllegalArgumentException as for {@link #put(CacheKey, float[])}
   * @throws NullPointerException if the supplier returns null
   * @throws UncheckedIOException as for {@link #get(CacheKey)} and {@link #put(CacheKey, float[])}
   */
  public float[] computeIfAbsent(CacheKey key, Supplier<float[]> compute) {
    requireNonNull(compute, "compute");
    Optional<float[]> cached = get(key);
    if (cached.isPresent()) {
      return cached.get();
    }
    float[] values = requireNonNull(compute.get(), () -> "compute returned null for " + key);
    put(key, values);
    return values;
  }

  /**
   * Returns the counts of lookups and writes made through this instance since it was opened.
   *
   * @return an immutable snapshot
   */
  public CacheStats stats() {
    return stats.snapshot();
  }

  private static void checkValues(CacheKey key, float[] values) {
    if (values.length > EntryFormat.MAX_TOKENS) {
      throw new IllegalArgumentException(
          "perTokenLogProbs must hold at most "
              + EntryFormat.MAX_TOKENS
              + " values, but holds: "
              + values.length);
    }
    for (int i = 0; i < values.length; i++) {
      float v = values[i];
      if (Float.isNaN(v) || v == Float.POSITIVE_INFINITY) {
        throw new IllegalArgumentException(
            "perTokenLogProbs["
                + i
                + "] of "
                + key
                + " must not be NaN or +Infinity, but is: "
                + v);
      }
    }
  }

  private static void deleteQuietly(Path temp) {
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      // The write already failed and is being reported; a leftover *.tmp file is ignored by reads.
    }
  }

  @Override
  public String toString() {
    return "ReferenceLogProbCache(folder=" + folder + ")";
  }
}
