package dev.mia.core.model.torchscript;

import dev.mia.core.MiaException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * A model file could not be loaded: it is missing, it is not a TorchScript archive, or the engine
 * refused it. The message names the file and the problem.
 */
public final class ModelLoadException extends MiaException {
  private static final long serialVersionUID = 1L;

  /** The file, as a string (a {@link Path} is not serializable). */
  private final String file;

  /**
   * Creates the exception.
   *
   * @param file the model file
   * @param problem what is wrong with it
   * @param cause the underlying failure, or {@code null}
   */
  public ModelLoadException(Path file, String problem, @Nullable Throwable cause) {
    super("cannot load TorchScript model " + file + ": " + problem, cause);
    this.file = file.toString();
  }

  /**
   * Returns the model file that could not be loaded.
   *
   * @return its path
   */
  public Path file() {
    return Path.of(file);
  }
}
