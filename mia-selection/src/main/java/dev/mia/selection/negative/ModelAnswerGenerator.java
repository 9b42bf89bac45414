package dev.mia.selection.negative;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDManager;
import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.mia.core.ModelContractException;
import dev.mia.core.data.Provenance;
import dev.mia.core.model.GenerateOptions;
import dev.mia.core.model.Generated;
import dev.mia.core.model.GenerationRequest;
import dev.mia.core.model.Prompt;
import dev.mia.core.model.VisionLanguageModel;
import dev.mia.selection.SelectionInput;
import dev.mia.selection.image.ImageTransform;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The model's own answer as the rejected answer, from the images as they are or weakened.
 *
 * <ul>
 *   <li>MIA-DPO (arXiv 2410.17637): greedy decoding, 512 new tokens, the attention of the
 *       selector's layers returned for {@link dev.mia.selection.attention.AttentionSelector}:
 *       {@code
 *       builder().options(GenerateOptions.builder().attentionLayers(selector.layers()).build())}.
 *   <li>BPO's image weakening (arXiv 2403.08730, section 3.1): generate from a copy of the image
 *       noised by the diffusion forward process at step 900 of 1000: {@code
 *       builder().weaken(diffusionNoiseAt900)}. BPO's released sampler contrasts clean and noised
 *       logits (VCD); this generator decodes from the noised image alone, which yields the
 *       prior-driven answers the paper wants as negatives.
 * </ul>
 *
 * <p>All requests of a batch go to one {@link VisionLanguageModel#generate} call. A weakening
 * transform is seeded per sample from the generator's seed and the sample id. Provenance stage:
 * {@link #name()}, with score {@code generated-tokens}.
 */
public final class ModelAnswerGenerator implements NegativeGenerator {
  private final GenerateOptions options;
  private final @Nullable ImageTransform weaken;
  private final long seed;

  private ModelAnswerGenerator(Builder builder) {
    this.options = builder.options;
    this.weaken = builder.weaken;
    this.seed = builder.seed;
  }

  /**
   * Starts a builder: greedy, 512 new tokens, no attention, images as they are, seed 0.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return weaken == null ? "model-answer" : "weakened-image-answer";
  }

  @Override
  public List<Negative> generate(
      NDManager manager, VisionLanguageModel model, List<SelectionInput> batch) {
    if (batch.isEmpty()) {
      throw new IllegalArgumentException("batch must not be empty");
    }
    List<GenerationRequest> requests = new ArrayList<>();
    for (SelectionInput input : batch) {
      Prompt prompt = input.modelPrompt();
      if (weaken != null) {
        long sampleSeed = Seeds.forSample(seed, input.id());
        List<BufferedImage> weakened = new ArrayList<>();
        for (BufferedImage image : prompt.images()) {
          weakened.add(weaken.apply(image, sampleSeed));
        }
        prompt = new Prompt(weakened, prompt.conversation());
      }
      requests.add(GenerationRequest.of(prompt));
    }
    List<Generated> outputs = model.generate(manager, requests, options);
    if (outputs.size() != batch.size()) {
      throw new ModelContractException(
          "the model returned "
              + outputs.size()
              + " generations for "
              + batch.size()
              + " requests");
    }
    List<Negative> out = new ArrayList<>();
    for (Generated generated : outputs) {
      out.add(
          new Negative(
              generated.text(),
              generated.stepLogProbs().toFloatArray(),
              generated,
              Provenance.Stage.of(
                  name(), toString(), Map.of("generated-tokens", (double) generated.length()))));
    }
    return out;
  }

  @Override
  public String toString() {
    return "ModelAnswerGenerator(options="
        + options
        + ", weaken="
        + (weaken == null ? "none" : weaken.name())
        + ", seed="
        + seed
        + ")";
  }

  /** Builds a {@link ModelAnswerGenerator}. */
  public static final class Builder {
    private GenerateOptions options = GenerateOptions.builder().build();
    private @Nullable ImageTransform weaken;
    private long seed;

    private Builder() {}

    /**
     * Sets the generation options. Default: greedy, 512 new tokens, no attention, no mask.
     *
     * @param options the options
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder options(GenerateOptions options) {
      this.options = requireNonNull(options, "options");
      return this;
    }

    /**
     * Weakens the images before generation (BPO). Default: none.
     *
     * @param weaken the transform
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder weaken(ImageTransform weaken) {
      this.weaken = requireNonNull(weaken, "weaken");
      return this;
    }

    /**
     * Sets the seed of the weakening. Default: 0.
     *
     * @param seed the seed
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Builds the generator.
     *
     * @return the generator
     */
    public ModelAnswerGenerator build() {
      return new ModelAnswerGenerator(this);
    }
  }
}
