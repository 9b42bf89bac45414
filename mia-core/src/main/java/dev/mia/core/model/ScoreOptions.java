package dev.mia.core.model;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a teacher-forced scoring call returns besides the per-token log-probs, and how the images
 * are shown.
 *
 * @param attentionLayers the 0-based decoder layers whose attention to return; empty for none
 * @param logits whether to return the logits
 * @param imageMask which image tokens the model may attend to
 */
public record ScoreOptions(
    SortedSet<Integer> attentionLayers, LogitsOutput logits, ImageMask imageMask) {
  /** Log-probs only, no attention, no logits, every image token visible. */
  public static final ScoreOptions DEFAULT = builder().build();

  /**
   * Validates the options.
   *
   * @param attentionLayers the 0-based decoder layers whose attention to return; empty for none
   * @param logits whether to return the logits
   * @param imageMask which image tokens the model may attend to
   */
  public ScoreOptions {
    attentionLayers = checkedLayers(attentionLayers);
    requireNonNull(logits, "logits");
    requireNonNull(imageMask, "imageMask");
  }

  static SortedSet<Integer> checkedLayers(SortedSet<Integer> layers) {
    requireNonNull(layers, "attentionLayers");
    for (int layer : layers) {
      if (layer < 0) {
        throw new IllegalArgumentException("attention layers must be >= 0, but are: " + layers);
      }
    }
    return Collections.unmodifiableSortedSet(new TreeSet<>(layers));
  }

  /**
   * Starts a builder with the defaults.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link ScoreOptions}. */
  public static final class Builder {
    private final SortedSet<Integer> attentionLayers = new TreeSet<>();
    private LogitsOutput logits = LogitsOutput.OMIT;
    private ImageMask imageMask = ImageMask.NONE;

    private Builder() {}

    /**
     * Adds decoder layers whose attention to return. Default: none. MIA-DPO reads layer 16 of
     * LLaVA-1.5's 32.
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
     * Sets whether to return logits. Default: {@link LogitsOutput#OMIT}.
     *
     * @param logits the choice
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder logits(LogitsOutput logits) {
      this.logits = requireNonNull(logits, "logits");
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
    public ScoreOptions build() {
      return new ScoreOptions(attentionLayers, logits, imageMask);
    }
  }
}
