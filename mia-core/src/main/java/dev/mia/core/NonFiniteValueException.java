package dev.mia.core;

/**
 * A NaN or infinite value where mia needs finite numbers: in logits, log-probabilities, scores or a
 * loss. The message names the array or quantity and where the first bad value is.
 */
public class NonFiniteValueException extends MiaException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception describing the non-finite value.
   *
   * @param message which quantity holds a non-finite value, and where
   */
  public NonFiniteValueException(String message) {
    super(message);
  }
}
