package dev.mia.selection.vig;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The visual anchors {@code s_t} of one pair's answer tokens (see {@link VisualAnchors}).
 * Immutable: arrays are copied in and out.
 */
public final class PairAnchors {
  private final String pairId;
  private final float[] chosen;
  private final float[] rejected;

  /**
   * Creates the anchors (copied).
   *
   * @param pairId the pair's id
   * @param chosen one anchor per chosen answer token
   * @param rejected one anchor per rejected answer token
   */
  public PairAnchors(String pairId, float[] chosen, float[] rejected) {
    this.pairId = requireNonNull(pairId, "pairId");
    this.chosen = requireNonNull(chosen, "chosen").clone();
    this.rejected = requireNonNull(rejected, "rejected").clone();
  }

  /**
   * Returns the pair's id.
   *
   * @return the id
   */
  public String pairId() {
    return pairId;
  }

  /**
   * Returns the chosen answer's anchors.
   *
   * @return a copy, one per token
   */
  public float[] chosen() {
    return chosen.clone();
  }

  /**
   * Returns the rejected answer's anchors.
   *
   * @return a copy, one per token
   */
  public float[] rejected() {
    return rejected.clone();
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof PairAnchors that
        && pairId.equals(that.pairId)
        && Arrays.equals(chosen, that.chosen)
        && Arrays.equals(rejected, that.rejected);
  }

  @Override
  public int hashCode() {
    return (31 * pairId.hashCode() + Arrays.hashCode(chosen)) * 31 + Arrays.hashCode(rejected);
  }

  @Override
  public String toString() {
    return "PairAnchors["
        + pairId
        + ", chosen="
        + Arrays.toString(chosen)
        + ", rejected="
        + Arrays.toString(rejected)
        + "]";
  }
}
