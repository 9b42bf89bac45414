package dev.mia.core.io;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/**
 * Turns a record's JSON tree into a value.
 *
 * @param <T> the value type
 */
interface RecordDecoder<T> {
  /**
   * Decodes a record.
   *
   * @param record the record, a JSON object
   * @return the value
   * @throws ShapeException if a field is missing or of the wrong type
   * @throws IllegalArgumentException if a value's constructor rejects a field
   * @throws dev.mia.core.InvalidSampleException if the value's rules are broken
   */
  T decode(JsonNode record);

  /**
   * Returns a decoded value's id, to find duplicates.
   *
   * @param value the value
   * @return its id, or {@code null} if values of this type have no id (nothing is checked then)
   */
  @Nullable String idOf(T value);
}
