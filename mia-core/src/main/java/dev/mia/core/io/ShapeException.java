package dev.mia.core.io;

/**
 * A record that is valid JSON but not of the expected shape: a missing field or a field of the
 * wrong type. Readers turn it into a {@link dev.mia.core.DataFormatException} that says where the
 * record is.
 */
final class ShapeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ShapeException(String problem) {
    super(problem);
  }
}
