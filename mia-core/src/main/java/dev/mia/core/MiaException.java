package dev.mia.core;

import org.jspecify.annotations.Nullable;

/**
 * The root of mia's domain failures: bad data (a malformed record, a missing image, a sample whose
 * placeholders do not match its images), model contract violations and non-finite numbers.
 *
 * <p>It is unchecked, like the exceptions of DJL and Jackson's databind, because a trainer cannot
 * recover from most of these at the call site; pipelines catch it per sample to skip and report.
 * Misuse of the API is not a domain failure: a bad argument throws {@link IllegalArgumentException}
 * and a bad state {@link IllegalStateException}, never a subclass of this one.
 */
public class MiaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message that says what was wrong and where.
   *
   * @param message the message, naming the sample, line or argument at fault
   */
  public MiaException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and the failure that caused it.
   *
   * @param message the message, naming the sample, line or argument at fault
   * @param cause the underlying failure, or {@code null} if there is none
   */
  public MiaException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
