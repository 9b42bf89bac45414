package dev.mia.selection.attention;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.mia.core.InvalidSampleException;
import dev.mia.core.ModelContractException;
import dev.mia.core.NonFiniteValueException;
import dev.mia.core.data.Layout;
import dev.mia.core.model.Generated;
import dev.mia.core.model.ImageSpan;
import dev.mia.core.model.ImageSpans;
import dev.mia.selection.Verdict;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * MIA-DPO's attention-aware selection (Liu et al., arXiv 2410.17637, section 3.2): a generated
 * answer is selected as a rejected answer when the model paid little attention to the target image
 * while generating it.
 *
 * <h2>Algorithm</h2>
 *
 * <ol>
 *   <li>For each chosen layer (MIA-DPO: layer 16 of LLaVA-1.5's 32), take the attention {@code [H,
 *       T, K]} of the generated tokens, keep query rows {@code firstRow..T-1} (MIA-DPO: 1, which
 *       drops the prompt's last position), and average over heads and then over rows: a key profile
 *       {@code [K]}. Average the profiles of the chosen layers. The reduction runs on the arrays'
 *       device; only {@code K} numbers come to the host.
 *   <li>Compute the target's share with {@link AttentionShare} for the sample's layout.
 *   <li>Select when the share compares to the {@link ShareThresholds} entry of the layout's format
 *       and source-image count as that entry says.
 * </ol>
 *
 * <h2>Bad model output</h2>
 *
 * <p>Errors name the sample: a requested layer missing ({@link ModelContractException}), a number
 * of image spans that does not fit the layout or a span outside the keys ({@link
 * ModelContractException}), NaN or infinite attention ({@link NonFiniteValueException}), fewer than
 * {@code firstRow + 1} generated tokens or no threshold for the layout ({@link
 * InvalidSampleException}).
 *
 * <p>Immutable and thread-safe; never closes the caller's arrays.
 */
public final class AttentionSelector {
  /** MIA-DPO's settings: layer 16, rows from 1, {@link ShareThresholds#MIA_DPO}, MIA-DPO tiles. */
  public static final AttentionSelector MIA_DPO = builder().build();

  private final SortedSet<Integer> layers;
  private final int firstRow;
  private final ShareThresholds thresholds;
  private final TileMapping mapping;

  private AttentionSelector(Builder builder) {
    this.layers = Collections.unmodifiableSortedSet(new TreeSet<>(builder.layers));
    this.firstRow = builder.firstRow;
    this.thresholds = builder.thresholds;
    this.mapping = builder.mapping;
  }

  /**
   * Starts a builder with MIA-DPO's settings.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the layers whose attention the selector reads, to ask the model for them.
   *
   * @return the 0-based layer indices, as an array
   */
  public int[] layers() {
    return layers.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * Decides whether a generated answer is a good rejected answer.
   *
   * @param sampleId the sample's id, for errors
   * @param layout the sample's layout
   * @param targetIndex the 0-based source index of the target image
   * @param generated the generated answer, with attention of at least the selector's layers
   * @return keep (selected) or drop, with scores {@code attention-share} and {@code
   *     attention-threshold}
   */
  public Verdict select(String sampleId, Layout layout, int targetIndex, Generated generated) {
    requireNonNull(generated, "generated");
    double share =
        share(sampleId, layout, targetIndex, generated.imageSpans(), generated.attention());
    ShareThresholds.Entry entry =
        thresholds
            .lookup(layout.format(), layout.sourceImageCount())
            .orElseThrow(
                () ->
                    new InvalidSampleException(
                        sampleId,
                        "no attention threshold for "
                            + layout.format()
                            + " with "
                            + layout.sourceImageCount()
                            + " images"));
    Map<String, Double> scores =
        Map.of("attention-share", share, "attention-threshold", entry.threshold());
    if (Double.isNaN(share)) {
      return Verdict.drop("no-image-attention", "no attention on any image token", scores);
    }
    if (entry.keepWhen().holds(share, entry.threshold())) {
      return Verdict.keep(scores);
    }
    return Verdict.drop(
        "target-attended",
        "attention share "
            + share
            + " is not "
            + entry.keepWhen().symbol()
            + " "
            + entry.threshold(),
        scores);
  }

  /**
   * Computes the target image's attention share from attention maps of generated tokens.
   *
   * @param sampleId the sample's id, for errors
   * @param layout the sample's layout
   * @param targetIndex the 0-based source index of the target image
   * @param spans where each model image's tokens sit on the key axis
   * @param attention per layer, {@code [H, T, K]} attention of the {@code T} generated tokens
   * @return the share, in [0, 1], or NaN if no image token has attention
   */
  public double share(
      String sampleId,
      Layout layout,
      int targetIndex,
      ImageSpans spans,
      SortedMap<Integer, NDArray> attention) {
    requireNonNull(sampleId, "sampleId");
    requireNonNull(layout, "layout");
    requireNonNull(spans, "spans");
    requireNonNull(attention, "attention");
    if (spans.size() != layout.modelImageCount()) {
      throw new ModelContractException(
          "sample '"
              + sampleId
              + "': the model reports "
              + spans.size()
              + " image span(s) but the "
              + layout.format()
              + " layout shows "
              + layout.modelImageCount()
              + " model image(s)");
    }
    double[] profile = keyProfile(sampleId, attention);
    for (ImageSpan span : spans.spans()) {
      if (span.end() > profile.length) {
        throw new ModelContractException(
            "sample '"
                + sampleId
                + "': image span "
                + span
                + " lies outside the "
                + profile.length
                + " key positions of the attention");
      }
    }
    if (layout instanceof Layout.Grid grid) {
      return AttentionShare.grid(profile, spans.get(0), grid, targetIndex, mapping);
    }
    if (layout instanceof Layout.PicInPic pip) {
      return AttentionShare.picInPic(profile, spans.get(0), pip, mapping);
    }
    return AttentionShare.sequence(profile, spans, targetIndex);
  }

  private double[] keyProfile(String sampleId, SortedMap<Integer, NDArray> attention) {
    double[] profile = null;
    long heads = -1;
    for (int layer : layers) {
      NDArray maps = attention.get(layer);
      if (maps == null) {
        throw new ModelContractException(
            "sample '"
                + sampleId
                + "': attention of layer "
                + layer
                + " was asked for but the model returned layers "
                + attention.keySet());
      }
      if (maps.getShape().dimension() != 3) {
        throw new ModelContractException(
            "sample '"
                + sampleId
                + "': attention of layer "
                + layer
                + " must have shape [heads, tokens, keys], but has shape "
                + maps.getShape());
      }
      long rows = maps.getShape().get(1);
      if (rows <= firstRow) {
        throw new InvalidSampleException(
            sampleId,
            "the answer has "
                + rows
                + " generated token(s); attention share needs at least "
                + (firstRow + 1));
      }
      if (heads >= 0 && maps.getShape().get(0) != heads) {
        throw new ModelContractException(
            "sample '" + sampleId + "': attention layers differ in head count: " + maps.getShape());
      }
      heads = maps.getShape().get(0);
      float[] layerProfile;
      try (NDArray kept = maps.get(new NDIndex(":, {}:, :", firstRow));
          NDArray overHeads = kept.mean(new int[] {0});
          NDArray overRows = overHeads.mean(new int[] {0})) {
        layerProfile = overRows.toFloatArray();
      }
      if (profile == null) {
        profile = new double[layerProfile.length];
      } else if (profile.length != layerProfile.length) {
        throw new ModelContractException(
            "sample '" + sampleId + "': attention layers differ in key count: " + maps.getShape());
      }
      for (int k = 0; k < layerProfile.length; k++) {
        if (!Float.isFinite(layerProfile[k])) {
          throw new NonFiniteValueException(
              "sample '"
                  + sampleId
                  + "': attention of layer "
                  + layer
                  + " holds a NaN or infinite value (key "
                  + k
                  + ")");
        }
        profile[k] += layerProfile[k] / (double) layers.size();
      }
    }
    return profile;
  }

  @Override
  public String toString() {
    return "AttentionSelector(layers="
        + layers
        + ", firstRow="
        + firstRow
        + ", mapping="
        + mapping
        + ", thresholds="
        + thresholds
        + ")";
  }

  /** Builds an {@link AttentionSelector}. */
  public static final class Builder {
    private final SortedSet<Integer> layers = new TreeSet<>();
    private int firstRow = 1;
    private ShareThresholds thresholds = ShareThresholds.MIA_DPO;
    private TileMapping mapping = TileMapping.MIA_DPO;

    private Builder() {
      layers.add(16);
    }

    /**
     * Sets the layers whose attention is averaged. Default: 16 (MIA-DPO, LLaVA-1.5-7B).
     *
     * @param first a 0-based layer index
     * @param more further layers
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder layers(int first, int... more) {
      layers.clear();
      layers.add(first);
      for (int layer : more) {
        layers.add(layer);
      }
      return this;
    }

    /**
     * Sets the first generated-token row read. Default: 1 (MIA-DPO drops row 0, the prompt's last
     * position).
     *
     * @param firstRow the first row, at least 0
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder firstRow(int firstRow) {
      this.firstRow = firstRow;
      return this;
    }

    /**
     * Sets the thresholds. Default: {@link ShareThresholds#MIA_DPO}.
     *
     * @param thresholds the thresholds
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder thresholds(ShareThresholds thresholds) {
      this.thresholds = requireNonNull(thresholds, "thresholds");
      return this;
    }

    /**
     * Sets how tiles and inner boxes map onto token cells. Default: {@link TileMapping#MIA_DPO}.
     *
     * @param mapping the mapping
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder mapping(TileMapping mapping) {
      this.mapping = requireNonNull(mapping, "mapping");
      return this;
    }

    /**
     * Builds the selector.
     *
     * @return the selector
     * @throws IllegalArgumentException if a layer or the first row is negative
     */
    public AttentionSelector build() {
      if (layers.first() < 0) {
        throw new IllegalArgumentException("layers must be >= 0, but are: " + layers);
      }
      if (firstRow < 0) {
        throw new IllegalArgumentException("firstRow must be >= 0, but is: " + firstRow);
      }
      return new AttentionSelector(this);
    }
  }
}
