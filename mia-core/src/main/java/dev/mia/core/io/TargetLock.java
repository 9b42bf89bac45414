package dev.mia.core.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The exclusive lock a {@link JsonlWriter} holds on its target: an OS lock ({@link
 * FileChannel#tryLock()}) on {@code <target>.lock}, which holds one line naming the holder (pid,
 * host, start time).
 *
 * <p>The kernel drops the OS lock when the holder's process dies, so a lock file left by {@code
 * kill -9} does not block anybody. The file itself is not deleted on release, since deleting a lock
 * file that another process has opened would let two writers lock two different files; it is
 * emptied instead. POSIX locks belong to the process, and closing any descriptor of the file drops
 * all of the process's locks on it, so writers of one JVM are told apart by a registry of the
 * targets held here, consulted before the file is opened at all.
 */
final class TargetLock implements AutoCloseable {
  /** Lock files held in this JVM (real folder + name), with their holder line. */
  private static final ConcurrentMap<Path, String> HELD = new ConcurrentHashMap<>();

  /** The most bytes of a holder line read from somebody else's lock file. */
  private static final int MAX_HOLDER_BYTES = 512;

  private final Path key;
  private final Path lockFile;
  private final FileChannel channel;
  private final FileLock lock;
  private boolean released;

  private TargetLock(Path key, Path lockFile, FileChannel channel, FileLock lock) {
    this.key = key;
    this.lockFile = lockFile;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Locks the target's lock file, whose folder must exist.
   *
   * @throws OutputLockedException if another writer, in this JVM or another process, holds it
   * @throws UncheckedIOException if the lock file cannot be created or written
   */
  static TargetLock acquire(Path target, Path lockFile) {
    Path key;
    try {
      key = lockFile.toAbsolutePath().getParent().toRealPath().resolve(lockFile.getFileName());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + lockFile, e);
    }
    String holder = holderLine();
    String inThisJvm = HELD.putIfAbsent(key, holder);
    if (inThisJvm != null) {
      throw new OutputLockedException(target, lockFile, inThisJvm + ", in this JVM");
    }
    FileChannel channel = null;
    try {
      channel =
          FileChannel.open(
              lockFile,
              StandardOpenOption.CREATE,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        // Held in this JVM under a path spelling the registry did not catch.
        lock = null;
      }
      if (lock == null) {
        String other = holderOf(channel);
        channel.close();
        channel = null;
        HELD.remove(key);
        throw new OutputLockedException(target, lockFile, other);
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap((holder + "\n").getBytes(StandardCharsets.UTF_8)), 0);
      channel.force(false);
      return new TargetLock(key, lockFile, channel, lock);
    } catch (IOException | RuntimeException e) {
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      if (!(e instanceof OutputLockedException)) {
        HELD.remove(key);
      }
      if (e instanceof IOException io) {
        throw new UncheckedIOException("cannot lock " + lockFile, io);
      }
      throw (RuntimeException) e;
    }
  }

  /** This process's holder line: pid, host and start time (UTC, seconds). */
  private static String holderLine() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "an unknown host";
    }
    return "pid "
        + ProcessHandle.current().pid()
        + " on host "
        + host
        + " since "
        + Instant.now().truncatedTo(ChronoUnit.SECONDS);
  }

  /** The first line of somebody else's lock file, read through the channel, at most 512 bytes. */
  private static String holderOf(FileChannel channel) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(MAX_HOLDER_BYTES);
    while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) > 0) {
      // keep reading until the buffer is full or the file ends
    }
    String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    int end = text.indexOf('\n');
    String line = (end >= 0 ? text.substring(0, end) : text).strip();
    return line.isEmpty() ? "unknown holder" : line;
  }

  /** Empties the lock file and releases the lock; idempotent. */
  @Override
  public void close() {
    if (released) {
      return;
    }
    released = true;
    try {
      channel.truncate(0);
      lock.release();
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot release the lock " + lockFile, e);
    } finally {
      HELD.remove(key);
    }
  }
}
