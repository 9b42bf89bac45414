package dev.mia.core.model.torchscript;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.mia.core.image.Resize;
import dev.mia.core.model.ImagePreprocessor;
import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * The preprocessing of CLIP-style vision encoders (LLaVA, and most LVLMs): bring the image to
 * {@code W x H}, scale each 8-bit channel to {@code [0, 1]}, and normalise with the model's mean
 * and standard deviation: {@code x[c, y, x] = (v / 255 - mean[c]) / std[c]}, in float32.
 *
 * <p>Alpha is ignored (the RGB channels are read as stored). Immutable and thread-safe.
 */
public final class ResizeNormalize implements ImagePreprocessor {
  /** CLIP's (and LLaVA-1.5's) channel means, RGB. */
  public static final float[] CLIP_MEAN = {0.48145466f, 0.4578275f, 0.40821073f};

  /** CLIP's (and LLaVA-1.5's) channel standard deviations, RGB. */
  public static final float[] CLIP_STD = {0.26862954f, 0.26130258f, 0.27577711f};

  private final int width;
  private final int height;
  private final float[] mean;
  private final float[] std;
  private final SizePolicy sizePolicy;

  private ResizeNormalize(Builder b) {
    this.width = b.width;
    this.height = b.height;
    this.mean = b.mean.clone();
    this.std = b.std.clone();
    this.sizePolicy = b.sizePolicy;
  }

  /**
   * Starts a builder for a target size.
   *
   * @param width the target width, at least 1 (LLaVA-1.5: 336)
   * @param height the target height, at least 1 (LLaVA-1.5: 336)
   * @return a builder with CLIP's mean and std and {@link SizePolicy#RESIZE}
   */
  public static Builder builder(int width, int height) {
    return new Builder(width, height);
  }

  @Override
  public int width() {
    return width;
  }

  @Override
  public int height() {
    return height;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if the policy is {@link SizePolicy#REQUIRE_EXACT} and the
   *     image is not {@code W x H}
   */
  @Override
  public NDArray preprocess(NDManager manager, BufferedImage image) {
    requireNonNull(manager, "manager");
    requireNonNull(image, "image");
    BufferedImage sized = image;
    if (image.getWidth() != width || image.getHeight() != height) {
      if (sizePolicy == SizePolicy.REQUIRE_EXACT) {
        throw new IllegalArgumentException(
            "image must be "
                + width
                + "x"
                + height
                + " for this preprocessor, but is "
                + image.getWidth()
                + "x"
                + image.getHeight());
      }
      sized = Resize.toSize(image, width, height);
    }
    int plane = width * height;
    float[] data = new float[3 * plane];
    int[] row = new int[width];
    for (int y = 0; y < height; y++) {
      sized.getRGB(0, y, width, 1, row, 0, width);
      for (int x = 0; x < width; x++) {
        int rgb = row[x];
        int at = y * width + x;
        data[at] = (((rgb >> 16) & 0xFF) / 255f - mean[0]) / std[0];
        data[plane + at] = (((rgb >> 8) & 0xFF) / 255f - mean[1]) / std[1];
        data[2 * plane + at] = ((rgb & 0xFF) / 255f - mean[2]) / std[2];
      }
    }
    return manager.create(data, new Shape(3, height, width));
  }

  @Override
  public String toString() {
    return "ResizeNormalize[width="
        + width
        + ", height="
        + height
        + ", mean="
        + Arrays.toString(mean)
        + ", std="
        + Arrays.toString(std)
        + ", sizePolicy="
        + sizePolicy
        + "]";
  }

  /** Builds {@link ResizeNormalize}. */
  public static final class Builder {
    private final int width;
    private final int height;
    private float[] mean = CLIP_MEAN.clone();
    private float[] std = CLIP_STD.clone();
    private SizePolicy sizePolicy = SizePolicy.RESIZE;

    private Builder(int width, int height) {
      if (width < 1) {
        throw new IllegalArgumentException("width must be >= 1, but is: " + width);
      }
      if (height < 1) {
        throw new IllegalArgumentException("height must be >= 1, but is: " + height);
      }
      this.width = width;
      this.height = height;
    }

    /**
     * Sets the channel means, RGB. Default: {@link #CLIP_MEAN}.
     *
     * @param red the red mean
     * @param green the green mean
     * @param blue the blue mean
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder mean(float red, float green, float blue) {
      this.mean = new float[] {red, green, blue};
      return this;
    }

    /**
     * Sets the channel standard deviations, RGB, each finite and greater than 0. Default: {@link
     * #CLIP_STD}.
     *
     * @param red the red std
     * @param green the green std
     * @param blue the blue std
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder std(float red, float green, float blue) {
      this.std = new float[] {red, green, blue};
      return this;
    }

    /**
     * Sets what happens to images of another size. Default: {@link SizePolicy#RESIZE}.
     *
     * @param sizePolicy the policy
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder sizePolicy(SizePolicy sizePolicy) {
      this.sizePolicy = requireNonNull(sizePolicy, "sizePolicy");
      return this;
    }

    /**
     * Builds the preprocessor.
     *
     * @return the preprocessor
     * @throws IllegalArgumentException if a mean is not finite or a std is not finite and {@code >
     *     0}
     */
    public ResizeNormalize build() {
      for (int c = 0; c < 3; c++) {
        if (!Float.isFinite(mean[c])) {
          throw new IllegalArgumentException(
              "mean must be finite, but is: " + Arrays.toString(mean));
        }
        if (!(std[c] > 0) || !Float.isFinite(std[c])) {
          throw new IllegalArgumentException(
              "std must be finite and > 0, but is: " + Arrays.toString(std));
        }
      }
      return new ResizeNormalize(this);
    }
  }
}
