package dev.mia.core.model;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * How a model generates: the decoding rule, the length limit, where to stop, which attention maps
 * to return and which image tokens are visible.
 *
 * @param decoding greedy or sampling
 * @param maxNewTokens the most tokens to generate per request, at least 1
 * @param stopStrings generation stops once the text generated so far (after the prefix) ends with
 *     one of these; the stop string is kept in the text; copied
 * @param attentionLayers the 0-based decoder layers whose attention to return; empty for none
 * @param imageMask which image tokens the model may attend to, for every request without its own
 *     ({@link GenerationRequest#imageMask()})
 */
public record GenerateOptions(
    Decoding decoding,
    int maxNewTokens,
    List<String> stopStrings,
    SortedSet<Integer> attentionLayers,
    ImageMask imageMask) {

  /**
   * Validates the options.
   *
   * @param decoding greedy or sampling
   * @param maxNewTokens the most tokens to generate per request, at least 1
   * @param stopStrings strings that end generation once the text ends with one; copied
   * @param attentionLayers the 0-based decoder layers whose attention to return; empty for none
   * @param imageMask which image tokens the model may attend to
   */
  public GenerateOptions {
    requireNonNull(decoding, "decoding");
    if (maxNewTokens < 1) {
      throw new IllegalArgumentException("maxNewTokens must be >= 1, but is: " + maxNewTokens);
    }
    stopStrings = List.copyOf(requireNonNull(stopStrings, "stopStrings"));
    for (String stop : stopStrings) {
      if (stop.isEmpty()) {
        throw new IllegalArgumentException("stop strings must not be empty");
      }
    }
    attentionLayers = ScoreOptions.checkedLayers(attentionLayers);
    requireNonNull(imageMask, "imageMask");
  }

  /**
   * Starts a builder with the defaults: greedy, 512 new tokens (MIA-DPO's limit), no stop string
   * besides the model's end of sequence, no attention, every image token visible.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link GenerateOptions}. */
  public static final class Builder {
    private Decoding decoding = Decoding.GREEDY;
    private int maxNewTokens = 512;
    private final List<String> stopStrings = new ArrayList<>();
    private final SortedSet<Integer> attentionLayers = new TreeSet<>();
    private ImageMask imageMask = ImageMask.NONE;

    private Builder() {}

    /**
     * Sets the decoding rule. Default: {@link Decoding#GREEDY}.
     *
     * @param decoding the rule
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder decoding(Decoding decoding) {
      this.decoding = requireNonNull(decoding, "decoding");
      return this;
    }

    /**
     * Sets the most tokens to generate. Default: 512.
     *
     * @param maxNewTokens the limit, at least 1
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder maxNewTokens(int maxNewTokens) {
      this.maxNewTokens = maxNewTokens;
      return this;
    }

    /**
     * Adds strings that stop generation. Default: none. BDHS completes a sentence to its first full
     * stop: {@code stopStrings(".")}.
     *
     * @param stops the stop strings
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder stopStrings(String... stops) {
      stopStrings.addAll(List.of(stops));
      return this;
    }

    /**
     * Adds decoder layers whose attention to return. Default: none.
     *
     * @param layers 0-based layer indices
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder attentionLayers(int... layers) {
      for (int layer : layers) {
        attentionLayers.add(layer);
      }
      return this;
    }

    /**
     * Sets which image tokens are visible. Default: {@link ImageMask#NONE}.
     *
     * @param imageMask the mask
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder imageMask(ImageMask imageMask) {
      this.imageMask = requireNonNull(imageMask, "imageMask");
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     */
    public GenerateOptions build() {
      return new GenerateOptions(decoding, maxNewTokens, stopStrings, attentionLayers, imageMask);
    }
  }
}
