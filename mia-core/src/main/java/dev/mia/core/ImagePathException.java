package dev.mia.core;

/**
 * An image path from the data that mia refuses to open: it leaves the image root after
 * normalisation, it is absolute where absolute paths are not allowed, or it is not a valid path.
 * The message names the path as written in the data: {@code image '../../etc/passwd': path leaves
 * the image root after normalisation, ...}. It is an {@link ImageReadException}, so pipelines skip
 * the sample that owns the path and go on.
 */
public class ImagePathException extends ImageReadException {
  private static final long serialVersionUID = 1L;

  /** Problem reported for a relative path that climbs above its root. */
  public static final String LEAVES_ROOT =
      "path leaves the image root after normalisation, and such paths are refused unless allowed"
          + " (PathPolicy.ANYWHERE)";

  /** Problem reported for an absolute path when absolute paths are refused. */
  public static final String ABSOLUTE =
      "path is absolute, and absolute image paths are refused unless allowed"
          + " (PathPolicy.ALLOW_ABSOLUTE or ANYWHERE)";

  /** Problem reported for a path that the file system cannot represent. */
  public static final String INVALID = "path is not a valid file path";

  /**
   * Creates an exception for a path as written in the data.
   *
   * @param path the path as written in the data
   * @param problem one of {@link #LEAVES_ROOT}, {@link #ABSOLUTE} and {@link #INVALID}
   */
  public ImagePathException(String path, String problem) {
    super(path, problem, null);
  }
}
