package dev.mia.core.io;

import dev.mia.core.DataFormatException;
import java.io.Closeable;
import org.jspecify.annotations.Nullable;

/** Where a {@link RecordStream} gets its records from: a JSON array or JSON lines. */
interface RecordSource extends Closeable {
  /**
   * Returns the next record, or a record that failed in a way the reader may skip.
   *
   * @return the next record, or {@code null} at the end of the input
   * @throws DataFormatException if the input is broken past recovery
   * @throws java.io.UncheckedIOException if reading fails
   */
  @Nullable RawRecord next();
}
