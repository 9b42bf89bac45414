package dev.mia.loss.train;

import dev.mia.core.InvalidSampleException;

/**
 * A preference pair that cannot be turned into a training row: image placeholders, images and the
 * model's image-token spans that disagree, a sequence over the maximum length, token weights whose
 * length does not match the answer's tokens, or an image that cannot be decoded.
 *
 * <p>The message starts with the pair's id: {@code sample 'p7': the chosen answer has 3 tokens but
 * 4 token weights}.
 */
public final class CollationException extends InvalidSampleException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception for a pair.
   *
   * @param pairId the id of the pair at fault
   * @param problem what is wrong, without the id
   */
  public CollationException(String pairId, String problem) {
    super(pairId, problem);
  }

  /**
   * Creates an exception for a pair with its cause.
   *
   * @param pairId the id of the pair at fault
   * @param problem what is wrong, without the id
   * @param cause the underlying failure
   */
  public CollationException(String pairId, String problem, Throwable cause) {
    super(pairId, problem);
    initCause(cause);
  }
}
