package dev.mia.core.io;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * Writes a record as one JSON object, the body of one JSONL line; {@link JsonlWriter} adds the line
 * end. The encoders of this package are {@link TrlPairEncoder}, {@link SharegptPairEncoder}, {@link
 * MiaPairCodec}, {@link MiaSftCodec} and {@link MiaMultiImageCodec}.
 *
 * <p>Contract: the object's first field is {@code "id"}, a string equal to {@link #id(Object)} (a
 * resumed {@link JsonlWriter} reads it back to know what is written); the output depends on the
 * record only (fixed field order, no clock, no randomness), so that a resumed run writes the same
 * bytes as an uninterrupted one; and every check that can fail runs before the first token is
 * written. Implementations are immutable and thread-safe.
 *
 * @param <T> the record type
 */
public interface RecordEncoder<T> {
  /**
   * Returns the record's id, unique within a file.
   *
   * @param record the record
   * @return its id
   */
  String id(T record);

  /**
   * Writes the record as one JSON object.
   *
   * @param record the record
   * @param generator where to write; not closed
   * @throws IOException if the generator fails
   * @throws IllegalArgumentException if the record cannot be written in this shape, e.g. an image
   *     that is only in memory
   */
  void encode(T record, JsonGenerator generator) throws IOException;
}
