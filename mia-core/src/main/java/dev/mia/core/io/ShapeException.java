package dev.mia.core.io;

/**
 * A record that is valid JSON but not of the shape its decoder needs: a missing field, a field of
 * the wrong type or a value out of its range. It carries only the problem, e.g. {@code field
 * 'answer' is missing}; the reader that called the decoder knows where the record is and turns the
 * exception into a {@link dev.mia.core.DataFormatException} naming the source and line (or, under
 * {@link OnBadRecord#SKIP}, into a skipped {@link BadRecord}).
 *
 * <p>Thrown by {@link JsonFields} and by {@link JsonLineDecoder}s.
 */
public final class ShapeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param problem what is wrong, without the location, e.g. {@code field 'label' must be "yes" or
   *     "no", but is: "maybe"}
   */
  public ShapeException(String problem) {
    super(problem);
  }
}
