package dev.mia.core.io;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns the JSON object of one line of a JSON-lines input into a value, for {@link
 * DatasetReader#readJsonLines(java.io.InputStream, String, JsonLineDecoder)}.
 *
 * <p>Contract: a decoder reports a line it cannot use by throwing, never by returning {@code null};
 * {@link JsonFields} reads typed fields and throws the right exception. The reader puts the line's
 * place in front of the problem:
 *
 * <ul>
 *   <li>{@link ShapeException} (a missing field, a wrong type, a value out of range) and {@link
 *       IllegalArgumentException} (a value's constructor rejecting a field) become a {@link
 *       dev.mia.core.DataFormatException} whose message is {@code source: line N: } followed by the
 *       exception's message, e.g. {@code answers.jsonl: line 2: field 'answer' is missing};
 *   <li>{@link dev.mia.core.InvalidSampleException} (a sample breaking its rules) stays as it is;
 * </ul>
 *
 * and then either ends the read ({@link OnBadRecord#FAIL}) or is reported as a skipped {@link
 * BadRecord} ({@link OnBadRecord#SKIP}). Any other exception is a bug in the decoder and ends the
 * read whatever the policy.
 *
 * <p>Decoders are called on the iterating thread, one line at a time, in input order.
 *
 * @param <T> the value type
 */
@FunctionalInterface
public interface JsonLineDecoder<T> {
  /**
   * Decodes one line's object.
   *
   * @param object the line's JSON object; the decoder may keep it, it is not reused
   * @return the value, never {@code null}
   * @throws ShapeException if the object is not of the shape the decoder needs
   * @throws IllegalArgumentException if a value's constructor rejects a field
   */
  T decode(ObjectNode object);
}
