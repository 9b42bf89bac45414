package dev.mia.examples.pipeline;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.mia.core.data.MultiImageFormat;
import dev.mia.examples.tiny.TinyLvlmConfig;
import dev.mia.examples.world.QuestionType;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The sizes of one pipeline run.
 *
 * @param model the tiny model's architecture; its image side is also the world's
 * @param trainScenes the scenes of the training split (SFT data and the pairs' sources)
 * @param testScenes the scenes of the held-out split (all evaluation)
 * @param sftSteps the SFT optimiser steps
 * @param sftBatch the SFT examples per step
 * @param sftLearningRate the SFT peak learning rate
 * @param sftMultiShare the share of SFT examples that are multi-image sequence samples, in [0, 1)
 * @param sftGroundingWeight the weight of the SFT grounding loss ({@link
 *     dev.mia.examples.tiny.TinyLvlmTrainer.Builder#groundingWeight(float)}); above 0 the SFT data
 *     also gets each training scene's grounding questions ({@link
 *     dev.mia.examples.world.QuestionMaker#groundingQuestions}); 0 turns both off
 * @param pairSources the multi-image training samples the preference pairs are made from
 * @param pairTypes the question types of those samples: colour, count and/or position
 * @param alignSteps the most optimiser steps of each alignment method
 * @param alignEpochs the passes over a method's training items (pairs or examples), MIA-DPO's 1; a
 *     method trains {@code ceil(alignEpochs * items / alignBatch)} steps, at most {@code
 *     alignSteps}
 * @param alignBatch the pairs (or examples) per alignment step
 * @param alignLearningRate Adam's learning rate during alignment
 * @param alignSftWeight the weight of the SFT term (mean chosen-token negative log-likelihood)
 *     added to the DPO losses; 0 is the papers' setting
 * @param alignBeta the DPO beta of the sigmoid-DPO methods (DDPO keeps its own)
 * @param alignReplayWeight the weight of the SFT-data replay term (mean token NLL of SFT examples
 *     drawn afresh each step) added to every alignment loss; 0 is the papers' setting
 * @param evalSingle the single-image held-out questions (existence, colour, count, position)
 * @param evalCaptions the held-out captions scored with CHAIR
 * @param evalMulti the multi-image held-out questions
 * @param maxImages the most images of a multi-image sample, in [2, 5]
 * @param cells whether the world's scenes put each object in a quadrant of its own ({@link
 *     dev.mia.examples.world.SceneSampler.Builder#cells(boolean)})
 * @param formats the multi-image formats drawn, with MIA-DPO's relative weights among them
 */
public record PipelineConfig(
    TinyLvlmConfig model,
    int trainScenes,
    int testScenes,
    int sftSteps,
    int sftBatch,
    float sftLearningRate,
    double sftMultiShare,
    float sftGroundingWeight,
    int pairSources,
    Set<QuestionType> pairTypes,
    int alignSteps,
    double alignEpochs,
    int alignBatch,
    float alignLearningRate,
    double alignSftWeight,
    double alignBeta,
    double alignReplayWeight,
    int evalSingle,
    int evalCaptions,
    int evalMulti,
    int maxImages,
    boolean cells,
    Set<MultiImageFormat> formats) {

  /**
   * Validates the sizes.
   *
   * @param model the tiny model's architecture; its image side is also the world's
   * @param trainScenes the scenes of the training split
   * @param testScenes the scenes of the held-out split
   * @param sftSteps the SFT optimiser steps
   * @param sftBatch the SFT examples per step
   * @param sftLearningRate the SFT peak learning rate
   * @param sftMultiShare the share of SFT examples that are multi-image sequence samples
   * @param sftGroundingWeight the weight of the SFT grounding loss, finite and at least 0
   * @param pairSources the multi-image training samples the preference pairs are made from
   * @param pairTypes the question types of those samples
   * @param alignSteps the most optimiser steps of each alignment method
   * @param alignEpochs the passes over a method's training items
   * @param alignBatch the pairs (or examples) per alignment step
   * @param alignLearningRate Adam's learning rate during alignment
   * @param alignSftWeight the weight of the SFT term added to the DPO losses
   * @param alignBeta the DPO beta of the sigmoid-DPO methods
   * @param alignReplayWeight the weight of the SFT-data replay term
   * @param evalSingle the single-image held-out questions
   * @param evalCaptions the held-out captions scored with CHAIR
   * @param evalMulti the multi-image held-out questions
   * @param maxImages the most images of a multi-image sample, in [2, 5]
   * @param cells whether each object takes a quadrant of its own
   * @param formats the multi-image formats drawn
   */
  public PipelineConfig {
    requireNonNull(model, "model");
    requireNonNull(formats, "formats");
    if (formats.isEmpty()) {
      throw new IllegalArgumentException("formats must not be empty");
    }
    formats = Collections.unmodifiableSet(EnumSet.copyOf(formats));
    requireNonNull(pairTypes, "pairTypes");
    // an EnumSet: Set.copyOf iterates in a per-JVM random order, which made report.json differ
    pairTypes =
        pairTypes.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(pairTypes));
    if (pairTypes.isEmpty() || !MULTI_TYPES.containsAll(pairTypes)) {
      throw new IllegalArgumentException(
          "pairTypes must be a non-empty subset of " + MULTI_TYPES + ", but is: " + pairTypes);
    }
    positive("trainScenes", trainScenes);
    positive("testScenes", testScenes);
    positive("sftSteps", sftSteps);
    positive("sftBatch", sftBatch);
    positive("pairSources", pairSources);
    positive("alignSteps", alignSteps);
    positive("alignBatch", alignBatch);
    positive("evalSingle", evalSingle);
    positive("evalCaptions", evalCaptions);
    positive("evalMulti", evalMulti);
    if (!(sftLearningRate > 0) || !(alignLearningRate > 0)) {
      throw new IllegalArgumentException(
          "learning rates must be > 0, but are: " + sftLearningRate + " and " + alignLearningRate);
    }
    if (!(alignSftWeight >= 0 && alignSftWeight < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException(
          "alignSftWeight must be finite and >= 0, but is: " + alignSftWeight);
    }
    if (!(alignEpochs > 0 && alignEpochs < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException(
          "alignEpochs must be finite and > 0, but is: " + alignEpochs);
    }
    if (!(alignBeta > 0 && alignBeta < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("alignBeta must be finite and > 0, but is: " + alignBeta);
    }
    if (!(alignReplayWeight >= 0 && alignReplayWeight < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException(
          "alignReplayWeight must be finite and >= 0, but is: " + alignReplayWeight);
    }
    if (!(sftGroundingWeight >= 0 && sftGroundingWeight < Float.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException(
          "sftGroundingWeight must be finite and >= 0, but is: " + sftGroundingWeight);
    }
    if (!(sftMultiShare >= 0 && sftMultiShare < 1)) {
      throw new IllegalArgumentException(
          "sftMultiShare must be in [0, 1), but is: " + sftMultiShare);
    }
    if (maxImages < 2 || maxImages > 5) {
      throw new IllegalArgumentException("maxImages must be in [2, 5], but is: " + maxImages);
    }
    if (trainScenes < maxImages || testScenes < maxImages) {
      throw new IllegalArgumentException(
          "each split needs at least maxImages = " + maxImages + " scenes");
    }
    int longest = maxImages * model.imageTokens() + 40;
    if (longest > model.maxSequenceLength()) {
      throw new IllegalArgumentException(
          "maxSequenceLength must hold maxImages images and a question ("
              + longest
              + " tokens), but is: "
              + model.maxSequenceLength());
    }
  }

  /** The question types a multi-image sample can ask. */
  static final Set<QuestionType> MULTI_TYPES =
      Collections.unmodifiableSet(
          EnumSet.of(QuestionType.COLOUR, QuestionType.COUNT, QuestionType.POSITION));

  private static void positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be >= 1, but is: " + value);
    }
  }

  /**
   * The presets. DEMO and STUDY share the proof vehicle (a model and world built to meet MIA-DPO's
   * premise, see the README) and every size; they differ in the seeds and methods {@code EndToEnd}
   * runs by default.
   */
  public enum Preset {
    /** Tiny sizes for tests: a whole run in seconds; the numbers mean little. */
    QUICK,
    /** One seed, MIA-DPO against the SFT model and the control: the README's first command. */
    DEMO,
    /** Three seeds, every method: the README's study. */
    STUDY
  }

  /**
   * Starts a builder from a preset.
   *
   * @param preset the preset
   * @return a builder holding the preset's sizes
   */
  public static Builder builder(Preset preset) {
    return new Builder(requireNonNull(preset, "preset"));
  }

  /** Builds a {@link PipelineConfig}; every setting starts at the preset's value. */
  public static final class Builder {
    private TinyLvlmConfig model;
    private int trainScenes;
    private int testScenes;
    private int sftSteps;
    private int sftBatch;
    private float sftLearningRate = 1e-3f;
    private double sftMultiShare = 0.2;
    private float sftGroundingWeight = PROOF_GROUNDING_WEIGHT;
    private static final float PROOF_GROUNDING_WEIGHT = 0.3f;
    private static final int PROOF_PAIR_SOURCES = 7600;
    private int pairSources;
    private Set<QuestionType> pairTypes = MULTI_TYPES;
    private int alignSteps;
    private int alignBatch;
    private float alignLearningRate = 5e-5f;
    private double alignSftWeight;
    private double alignBeta = 0.1;
    private double alignEpochs = 1;
    private double alignReplayWeight;
    private int evalSingle;
    private int evalCaptions;
    private int evalMulti;
    private int maxImages = 3;
    private boolean cells;
    private Set<MultiImageFormat> formats = EnumSet.allOf(MultiImageFormat.class);

    private Builder(Preset preset) {
      if (preset == Preset.QUICK) {
        model = proofModel().modelDim(32).heads(2).layers(2).stemChannels(8).build();
        trainScenes = 20;
        testScenes = 8;
        sftSteps = 10;
        sftBatch = 8;
        pairSources = 8;
        // ten SFT steps are too few to learn the grounding; its eight pair sources then give no
        // MIA-DPO pair at all, so the quick check keeps the ungrounded SFT
        sftGroundingWeight = 0;
        alignSteps = 3;
        alignBatch = 4;
        evalSingle = 8;
        evalCaptions = 1;
        evalMulti = 6;
        cells = true;
        return;
      }
      model = proofModel().build();
      cells = true;
      formats = EnumSet.of(MultiImageFormat.SEQUENCE);
      sftMultiShare = 0.05;
      sftSteps = 1200;
      sftBatch = 24;
      sftLearningRate = 3e-3f;
      trainScenes = 1500;
      testScenes = 300;
      pairSources = PROOF_PAIR_SOURCES;
      alignSteps = 200;
      alignBatch = 16;
      evalSingle = 1000;
      evalCaptions = 40;
      evalMulti = 400;
    }

    /**
     * The proof vehicle's architecture: 32-pixel images read as four quadrant tokens through a
     * 16-channel convolutional stem, {@code D = 64}, 4 heads, 3 layers, causal attention.
     */
    private static TinyLvlmConfig.Builder proofModel() {
      return TinyLvlmConfig.builder()
          .imageSide(32)
          .patchSize(16)
          .modelDim(64)
          .heads(4)
          .layers(3)
          .maxSequenceLength(112)
          .stemChannels(16);
    }

    /**
     * Sets the model's architecture. Default: the preset's.
     *
     * @param model the architecture
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder model(TinyLvlmConfig model) {
      this.model = requireNonNull(model, "model");
      return this;
    }

    /**
     * Sets the scenes of both splits. Default: the preset's (QUICK 20 and 8, DEMO and STUDY 1500
     * and 300).
     *
     * @param train the training scenes
     * @param test the held-out scenes
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder scenes(int train, int test) {
      this.trainScenes = train;
      this.testScenes = test;
      return this;
    }

    /**
     * Sets the SFT steps. Default: QUICK 10, DEMO and STUDY 1200 (900 left seed 2 below the POPE
     * and count thresholds on validation).
     *
     * @param steps the steps
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder sftSteps(int steps) {
      this.sftSteps = steps;
      return this;
    }

    /**
     * Sets the SFT batch size. Default: QUICK 8, DEMO and STUDY 24.
     *
     * @param batch the batch size
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder sftBatch(int batch) {
      this.sftBatch = batch;
      return this;
    }

    /**
     * Sets the SFT peak learning rate. Default: QUICK 0.001, DEMO and STUDY 0.003 (earlier notes of
     * divergence at 0.003 came from DJL's freed-scalar bug, see the README's Reproducibility).
     *
     * @param rate the rate
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder sftLearningRate(float rate) {
      this.sftLearningRate = rate;
      return this;
    }

    /**
     * Sets the share of multi-image SFT examples. Default: QUICK 0.2, DEMO and STUDY 0.05 (nearly
     * single-image SFT, as LLaVA-1.5's).
     *
     * @param share the share, in [0, 1)
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder sftMultiShare(double share) {
      this.sftMultiShare = share;
      return this;
    }

    /**
     * Sets the weight of the SFT grounding loss; above 0 the SFT data also gets the grounding
     * questions. Default: 0.3 for DEMO and STUDY (chosen on the validation split of seed 0: with it
     * the proof vehicle's position accuracy went from 0.72 to 0.99), 0 for QUICK.
     *
     * @param weight the weight, finite and at least 0
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder sftGroundingWeight(float weight) {
      this.sftGroundingWeight = weight;
      return this;
    }

    /**
     * Sets the number of multi-image samples the pairs are made from. Default: QUICK 8, DEMO and
     * STUDY 7600 (the grounded SFT model answers about four fifths of them right, and MIA-DPO makes
     * a pair only from a wrong answer; the judged variant keeps fewer: 5,800 gave MIA-DPO 1,028 to
     * 1,141 pairs per seed and the judged variant 827 to 938). At most the training split's
     * multi-image questions of the chosen types (8,683 for seed 0 of the 1,500-scene split).
     *
     * @param sources the samples
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder pairSources(int sources) {
      this.pairSources = sources;
      return this;
    }

    /**
     * Sets the most alignment steps of a method (see {@link #alignEpochs}); the continued-SFT
     * control always runs this many. Default: QUICK 3, DEMO and STUDY 200.
     *
     * @param steps the steps
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder alignSteps(int steps) {
      this.alignSteps = steps;
      return this;
    }

    /**
     * Sets the alignment batch size. Default: QUICK 4, DEMO and STUDY 16.
     *
     * @param batch the batch size
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder alignBatch(int batch) {
      this.alignBatch = batch;
      return this;
    }

    /**
     * Sets the peak alignment learning rate (MIA-DPO's linear warm-up and decay). Default: 0.00005,
     * MIA-DPO's value; on the validation split 0.0002 drove the rejected answers' log-prob from
     * -0.65 to -19.8 and cut multi-image accuracy from 0.505 to 0.390.
     *
     * @param rate the rate
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder alignLearningRate(float rate) {
      this.alignLearningRate = rate;
      return this;
    }

    /**
     * Sets the weight of the SFT term (TRL's {@code rpo_alpha}; MIA-DPO's released script has it as
     * {@code gamma}, set to 0) added to every DPO-family loss. Default: 0.
     *
     * @param weight the weight, finite and at least 0
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder alignSftWeight(double weight) {
      this.alignSftWeight = weight;
      return this;
    }

    /**
     * Sets the DPO beta of MIA-DPO, BPO, BDHS (sigmoid DPO); DDPO and the MIA-DPO + DDPO
     * combination keep DDPO's. Default: 0.1, MIA-DPO's released value.
     *
     * @param beta the beta, finite and greater than 0
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder alignBeta(double beta) {
      this.alignBeta = beta;
      return this;
    }

    /**
     * Sets the weight of SFT-data replay during alignment: each step adds this weight times the
     * mean token negative log-likelihood of {@code alignBatch} SFT examples drawn afresh. Default:
     * 0 (none of the five papers replays).
     *
     * @param weight the weight, finite and at least 0
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder alignReplayWeight(double weight) {
      this.alignReplayWeight = weight;
      return this;
    }

    /**
     * Sets the passes over each method's training items. Default: 1, as MIA-DPO's script.
     *
     * @param epochs the passes, finite and greater than 0
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder alignEpochs(double epochs) {
      this.alignEpochs = epochs;
      return this;
    }

    /**
     * Sets the question types of the pair sources. Default: colour, count and position (every
     * multi-image question type; evaluation always uses all three).
     *
     * @param types a non-empty subset of colour, count and position
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder pairTypes(Set<QuestionType> types) {
      this.pairTypes = types;
      return this;
    }

    /**
     * Sets the evaluation sizes. Default: QUICK 8, 1, 6; DEMO and STUDY 1000, 40, 400.
     *
     * @param single the single-image questions
     * @param captions the captions
     * @param multi the multi-image questions
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder eval(int single, int captions, int multi) {
      this.evalSingle = single;
      this.evalCaptions = captions;
      this.evalMulti = multi;
      return this;
    }

    /**
     * Sets the most images per multi-image sample. Default: 3.
     *
     * @param maxImages the most images, in [2, 5]
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder maxImages(int maxImages) {
      this.maxImages = maxImages;
      return this;
    }

    /**
     * Puts each object of the world's scenes in a quadrant of its own. Default: true.
     *
     * @param cells whether objects take one quadrant each
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder cells(boolean cells) {
      this.cells = cells;
      return this;
    }

    /**
     * Sets the multi-image formats drawn (MIA-DPO's weights, renormalised over the ones kept).
     * Default: QUICK all three, DEMO and STUDY the sequence only (at 32 pixels a collage's images
     * are below the model's resolution).
     *
     * @param formats the formats, not empty
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder formats(Set<MultiImageFormat> formats) {
      this.formats = requireNonNull(formats, "formats");
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @return the configuration
     * @throws IllegalArgumentException if a size is out of range
     */
    public PipelineConfig build() {
      return new PipelineConfig(
          model,
          trainScenes,
          testScenes,
          sftSteps,
          sftBatch,
          sftLearningRate,
          sftMultiShare,
          sftGroundingWeight,
          pairSources,
          pairTypes,
          alignSteps,
          alignEpochs,
          alignBatch,
          alignLearningRate,
          alignSftWeight,
          alignBeta,
          alignReplayWeight,
          evalSingle,
          evalCaptions,
          evalMulti,
          maxImages,
          cells,
          formats);
    }
  }
}
