package dev.mia.core.data;

/**
 * Whether an image path written in the data may be absolute. Paths in datasets are untrusted: an
 * absolute one can name any file on the machine, so it is refused unless the user says otherwise.
 */
public enum AbsolutePaths {
  /** An absolute path is refused with an {@link dev.mia.core.ImagePathException}; the default. */
  REFUSE,
  /**
   * An absolute path is used as it is (normalised), for data whose paths point into several folders
   * on purpose.
   */
  ALLOW
}
