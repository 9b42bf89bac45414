package dev.mia.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.awt.image.BufferedImage;

/**
 * Turns a decoded image into the pixel tensor a model's vision encoder reads: the model-SPI type of
 * image preprocessing ({@link dev.mia.core.model.torchscript.ResizeNormalize} is the built-in one).
 *
 * <p>Implementations are immutable and thread-safe.
 */
public interface ImagePreprocessor {

  /**
   * Returns the width of the tensors this preprocessor makes.
   *
   * @return the width {@code W} in pixels
   */
  int width();

  /**
   * Returns the height of the tensors this preprocessor makes.
   *
   * @return the height {@code H} in pixels
   */
  int height();

  /**
   * Makes the pixel tensor of one image.
   *
   * @param manager the manager that will own the tensor; it is created on its device
   * @param image the image; not modified
   * @return float32 {@code [3, H, W]}, channels in RGB order
   * @throws IllegalArgumentException if the image cannot be brought to {@code H x W} under this
   *     preprocessor's rules
   */
  NDArray preprocess(NDManager manager, BufferedImage image);
}
