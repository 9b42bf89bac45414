package dev.mia.examples.tiny;

import com.google.errorprone.annotations.CanIgnoreReturnValue;

/**
 * The architecture of a {@link TinyLvlm}.
 *
 * @param imageSide the side of the square input images in pixels; images of another size are
 *     resized
 * @param patchSize the side of a square patch; divides {@code imageSide}; each image gives {@code
 *     (imageSide / patchSize)^2} tokens
 * @param modelDim the width {@code D} of the token embeddings, divisible by {@code heads}
 * @param heads the attention heads per layer
 * @param layers the decoder layers
 * @param maxSequenceLength the longest sequence (prompt, image tokens and answer) the model takes
 * @param stemChannels the channels of the convolutional image stem, or 0 for none: with {@code C >
 *     0}, three 3x3 convolutions ({@code 3 -> C -> C -> C}, GELU after each) run over the whole
 *     image, each patch's token is the channel-wise maximum over the patch's pixels projected to
 *     {@code D} (translation-invariant within a patch, as a CNN's pooled feature); with 0, a
 *     patch's token is a linear map of its raw pixels (a ViT-style patch embedding)
 */
public record TinyLvlmConfig(
    int imageSide,
    int patchSize,
    int modelDim,
    int heads,
    int layers,
    int maxSequenceLength,
    int stemChannels,
    boolean prefixAttention) {

  /**
   * Validates the configuration.
   *
   * @param imageSide the side of the square input images in pixels
   * @param patchSize the side of a square patch; divides {@code imageSide}
   * @param modelDim the width {@code D} of the token embeddings, divisible by {@code heads}
   * @param heads the attention heads per layer
   * @param layers the decoder layers
   * @param maxSequenceLength the longest sequence the model takes
   * @param stemChannels the channels of the convolutional image stem, or 0 for none
   * @param prefixAttention whether the prompt attends to itself in both directions
   */
  public TinyLvlmConfig {
    if (stemChannels < 0) {
      throw new IllegalArgumentException("stemChannels must be >= 0, but is: " + stemChannels);
    }
    if (patchSize < 1 || imageSide < patchSize || imageSide % patchSize != 0) {
      throw new IllegalArgumentException(
          "patchSize must be >= 1 and divide imageSide, but they are: "
              + patchSize
              + " and "
              + imageSide);
    }
    if (heads < 1 || modelDim < heads || modelDim % heads != 0) {
      throw new IllegalArgumentException(
          "heads must be >= 1 and divide modelDim, but they are: " + heads + " and " + modelDim);
    }
    if (layers < 1) {
      throw new IllegalArgumentException("layers must be >= 1, but is: " + layers);
    }
    int imageTokens = (imageSide / patchSize) * (imageSide / patchSize);
    if (maxSequenceLength <= imageTokens + 4) {
      throw new IllegalArgumentException(
          "maxSequenceLength must exceed one image's tokens + 4 = "
              + (imageTokens + 4)
              + ", but is: "
              + maxSequenceLength);
    }
  }

  /**
   * Starts a builder with the defaults: 48-pixel images, 8-pixel patches (36 tokens per image),
   * {@code D = 64}, 4 heads, 3 layers, sequences of up to 192 tokens, no convolutional stem.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the side of an image's patch grid.
   *
   * @return {@code imageSide / patchSize}
   */
  public int gridSide() {
    return imageSide / patchSize;
  }

  /**
   * Returns the number of tokens per image.
   *
   * @return {@code gridSide()^2}
   */
  public int imageTokens() {
    return gridSide() * gridSide();
  }

  /** Builds a {@link TinyLvlmConfig}. */
  public static final class Builder {
    private int imageSide = 48;
    private int patchSize = 8;
    private int modelDim = 64;
    private int heads = 4;
    private int layers = 3;
    private int maxSequenceLength = 192;
    private int stemChannels;
    private boolean prefixAttention;

    private Builder() {}

    /**
     * Sets the image side. Default: 48.
     *
     * @param imageSide the side in pixels
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder imageSide(int imageSide) {
      this.imageSide = imageSide;
      return this;
    }

    /**
     * Sets the patch side. Default: 8.
     *
     * @param patchSize the side in pixels
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder patchSize(int patchSize) {
      this.patchSize = patchSize;
      return this;
    }

    /**
     * Sets the model width. Default: 64.
     *
     * @param modelDim the width
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder modelDim(int modelDim) {
      this.modelDim = modelDim;
      return this;
    }

    /**
     * Sets the attention heads per layer. Default: 4.
     *
     * @param heads the head count
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder heads(int heads) {
      this.heads = heads;
      return this;
    }

    /**
     * Sets the decoder layers. Default: 3.
     *
     * @param layers the layer count
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder layers(int layers) {
      this.layers = layers;
      return this;
    }

    /**
     * Sets the longest sequence. Default: 192.
     *
     * @param maxSequenceLength the length in tokens
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder maxSequenceLength(int maxSequenceLength) {
      this.maxSequenceLength = maxSequenceLength;
      return this;
    }

    /**
     * Sets the channels of the convolutional image stem. Default: 0 (no stem, a linear patch
     * embedding).
     *
     * @param stemChannels the channels, or 0
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder stemChannels(int stemChannels) {
      this.stemChannels = stemChannels;
      return this;
    }

    /**
     * Lets the prompt's tokens attend to each other in both directions (prefix-LM). Default: false
     * (causal everywhere).
     *
     * @param prefixAttention whether the prompt attends to itself in both directions
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder prefixAttention(boolean prefixAttention) {
      this.prefixAttention = prefixAttention;
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @return the configuration
     * @throws IllegalArgumentException if the settings do not fit together
     */
    public TinyLvlmConfig build() {
      return new TinyLvlmConfig(
          imageSide,
          patchSize,
          modelDim,
          heads,
          layers,
          maxSequenceLength,
          stemChannels,
          prefixAttention);
    }
  }
}
