package dev.mia.core;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * An image that cannot be read: the file is missing, unreadable, truncated, corrupt or in a format
 * that no installed ImageIO reader decodes. The message names the path: {@code image 'img/cat.jpg':
 * file is truncated or corrupt}.
 */
public class ImageReadException extends MiaException {
  private static final long serialVersionUID = 1L;

  /** The path of the image. */
  private final String path;

  /**
   * Creates an exception for the image at the given path.
   *
   * @param path the image's path
   * @param problem what went wrong, without the path
   * @param cause the underlying failure, or {@code null}
   */
  public ImageReadException(Path path, String problem, @Nullable Throwable cause) {
    this(path.toString(), problem, cause);
  }

  /**
   * Creates an exception for an image named by a path string that may not be a valid {@link Path}
   * (for {@link ImagePathException}).
   *
   * @param path the image's path as written in the data
   * @param problem what went wrong, without the path
   * @param cause the underlying failure, or {@code null}
   */
  protected ImageReadException(String path, String problem, @Nullable Throwable cause) {
    super("image '" + path + "': " + problem, cause);
    this.path = path;
  }

  /**
   * Returns the path of the image that could not be read.
   *
   * @return the path, as given
   */
  public String path() {
    return path;
  }
}
