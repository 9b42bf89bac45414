package dev.mia.core.io;

/** How {@link JsonlWriter} treats what an earlier run left behind. */
public enum WriteMode {
  /**
   * Start empty: a leftover {@code .partial} file is discarded, and an existing target is replaced
   * when the new file is committed.
   */
  REPLACE,
  /**
   * Continue an earlier run. If the {@code .partial} file of a killed run exists, its complete
   * lines are kept (a trailing incomplete line is dropped) and new records are appended after them.
   * Otherwise, if the target exists (a finished run), it is copied to the {@code .partial} file and
   * resumed the same way, so every id in it counts as written and the target stays in place until
   * the next commit. Otherwise the writer starts empty.
   */
  RESUME
}
