package dev.mia.core;

/**
 * A model broke the contract of {@code dev.mia.core.model.VisionLanguageModel}: it returned arrays
 * of the wrong shape or type, too few attention layers, or image spans outside the sequence. The
 * message says what was expected and what came.
 */
public class ModelContractException extends MiaException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception describing the violation.
   *
   * @param message what was expected and what came instead
   */
  public ModelContractException(String message) {
    super(message);
  }

  /**
   * Creates an exception describing the violation, with the failure that revealed it (for example
   * an error raised inside a TorchScript module).
   *
   * @param message what was expected and what came instead
   * @param cause the underlying failure
   */
  public ModelContractException(String message, Throwable cause) {
    super(message, cause);
  }
}
