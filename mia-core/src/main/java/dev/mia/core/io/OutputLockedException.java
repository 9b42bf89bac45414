package dev.mia.core.io;

import dev.mia.core.MiaException;
import java.nio.file.Path;

/**
 * A {@link JsonlWriter} target that another writer holds: another process, or another open writer
 * in this JVM. The second writer fails at once, before it touches any file, with a message naming
 * the target, the holder and the lock file: {@code output 'out/pairs.jsonl' is being written by
 * another writer (pid 4242 on host node1 since 2026-12-03T11:05:00Z); lock file
 * 'out/pairs.jsonl.lock'}.
 *
 * <p>The lock is an operating-system lock on the lock file, so the kernel releases it when the
 * holder's process dies, even by {@code kill -9}: a stale lock file never blocks a later run.
 */
public final class OutputLockedException extends MiaException {
  private static final long serialVersionUID = 1L;

  /** The target that is locked. */
  private final String target;

  /** Who holds it, as the holder wrote it in the lock file. */
  private final String holder;

  /**
   * Creates the exception.
   *
   * @param target the writer's target
   * @param lockFile the lock file next to it
   * @param holder who holds it, e.g. {@code pid 4242 on host node1 since 2026-12-03T11:05:00Z}
   */
  public OutputLockedException(Path target, Path lockFile, String holder) {
    super(
        "output '"
            + target
            + "' is being written by another writer ("
            + holder
            + "); lock file '"
            + lockFile
            + "'");
    this.target = target.toString();
    this.holder = holder;
  }

  /**
   * Returns the target that is locked.
   *
   * @return the target's path, as given to the writer
   */
  public String target() {
    return target;
  }

  /**
   * Returns who holds the target.
   *
   * @return the holder's description, e.g. {@code pid 4242 on host node1 since
   *     2026-12-03T11:05:00Z}, or {@code unknown holder} if the lock file could not be read
   */
  public String holder() {
    return holder;
  }
}
