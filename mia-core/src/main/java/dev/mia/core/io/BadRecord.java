package dev.mia.core.io;

import static java.util.Objects.requireNonNull;

import dev.mia.core.MiaException;
import org.jspecify.annotations.Nullable;

/**
 * A record a reader skipped under {@link OnBadRecord#SKIP}, and why.
 *
 * @param source the input's label, usually its file name
 * @param line the 1-based line where the record starts
 * @param recordIndex the record's 0-based index in a JSON array, or -1 for JSON lines
 * @param id the record's id if it could be read, or {@code null}
 * @param error what is wrong: an {@link dev.mia.core.InvalidSampleException} for a record that
 *     breaks a sample's rules, a {@link dev.mia.core.DataFormatException} for one of the wrong
 *     shape or unparseable
 */
public record BadRecord(
    String source, long line, long recordIndex, @Nullable String id, MiaException error) {
  /**
   * Validates the components; see the type's documentation for the rules.
   *
   * @param source the input's label, usually its file name
   * @param line the 1-based line where the record starts
   * @param recordIndex the record's 0-based index in a JSON array, or -1 for JSON lines
   * @param id the record's id if it could be read, or {@code null}
   * @param error what is wrong
   */
  public BadRecord {
    requireNonNull(source, "source");
    requireNonNull(error, "error");
  }

  /**
   * Returns the error's message.
   *
   * @return the message, naming the sample or the place in the input
   */
  public String message() {
    return String.valueOf(error.getMessage());
  }
}
