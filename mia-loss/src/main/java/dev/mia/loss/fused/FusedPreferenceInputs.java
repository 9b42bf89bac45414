package dev.mia.loss.fused;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.mia.loss.TokenReduction;
import org.jspecify.annotations.Nullable;

/**
 * The inputs of the {@link FusedPreferenceKernel} for a batch of B preference pairs in one
 * concatenated batch of 2B sequences: rows {@code 0 .. B-1} are the chosen responses and rows
 * {@code B .. 2B-1} the rejected ones, in the same pair order (TRL's concatenated forward). Row
 * {@code i} and row {@code B + i} form pair {@code i}.
 *
 * <p>Position {@code t} of row {@code r} is scored when {@code mask[r, t] != 0}: its
 * log-probability is {@code log softmax(h[r, t] W^T + b)[labels[r, t]]}. Labels must already be
 * aligned with the hidden states (for a causal model, {@code labels[r, t]} is the token that
 * follows position {@code t}); the labels of unscored positions are never read, so padding may hold
 * any value (for example -100), and so may their hidden states (even NaN).
 *
 * <p>The record does not own its arrays and never closes them. Build with {@link #builder}.
 *
 * @param hidden final hidden states {@code [2B, T, H]}, float16, float32 or float64
 * @param weight the output-projection (LM head) weight {@code [V, H]}, float16, float32 or float64
 * @param bias the output-projection bias {@code [V]}, or null
 * @param labels target token ids {@code [2B, T]}, an integer type, in {@code [0, V)} where scored
 * @param mask answer mask {@code [2B, T]}, any numeric type, non-zero where a token is scored
 * @param tokenWeights per-token weights {@code [2B, T]} (DDPO gamma, VIG weights), or null for 1
 * @param referenceChosen {@code log pi_ref(y_c|x)} {@code [B]}, or null (reference-free losses)
 * @param referenceRejected {@code log pi_ref(y_r|x)} {@code [B]}, or null
 * @param reduction how token log-probabilities become sequence log-probabilities
 */
public record FusedPreferenceInputs(
    NDArray hidden,
    NDArray weight,
    @Nullable NDArray bias,
    NDArray labels,
    NDArray mask,
    @Nullable NDArray tokenWeights,
    @Nullable NDArray referenceChosen,
    @Nullable NDArray referenceRejected,
    TokenReduction reduction) {

  /**
   * Validates shapes and types.
   *
   * @param hidden final hidden states {@code [2B, T, H]}, float16, float32 or float64
   * @param weight the output-projection weight {@code [V, H]}, float16, float32 or float64
   * @param bias the output-projection bias {@code [V]}, or null
   * @param labels target token ids {@code [2B, T]}, an integer type
   * @param mask answer mask {@code [2B, T]}, non-zero where a token is scored
   * @param tokenWeights per-token weights {@code [2B, T]}, or null for 1
   * @param referenceChosen {@code log pi_ref(y_c|x)} {@code [B]}, or null
   * @param referenceRejected {@code log pi_ref(y_r|x)} {@code [B]}, or null
   * @param reduction how token log-probabilities become sequence log-probabilities
   * @throws IllegalArgumentException if a shape does not match (naming both shapes), the row count
   *     is odd or zero, an axis is empty, a floating-point type is not float16/32/64, the labels
   *     are not integers, or only one reference array is given
   */
  public FusedPreferenceInputs {
    requireNonNull(hidden, "hidden");
    requireNonNull(weight, "weight");
    requireNonNull(labels, "labels");
    requireNonNull(mask, "mask");
    requireNonNull(reduction, "reduction");
    Shape hs = hidden.getShape();
    if (hs.dimension() != 3) {
      throw new IllegalArgumentException("hidden must be [2B, T, H], but has shape: " + hs);
    }
    if (hs.get(0) == 0 || hs.get(1) == 0 || hs.get(2) == 0) {
      throw new IllegalArgumentException(
          "hidden must not have an empty axis, but has shape: " + hs);
    }
    if (hs.get(0) % 2 != 0) {
      throw new IllegalArgumentException(
          "hidden must hold 2B rows (B chosen, then B rejected), but has an odd row count: " + hs);
    }
    Shape ws = weight.getShape();
    if (ws.dimension() != 2 || ws.get(1) != hs.get(2) || ws.get(0) == 0) {
      throw new IllegalArgumentException(
          "weight must be [V, H] with H = " + hs.get(2) + " and V >= 1, but has shape: " + ws);
    }
    floating("hidden", hidden);
    floating("weight", weight);
    if (bias != null) {
      floating("bias", bias);
      if (!bias.getShape().equals(new Shape(ws.get(0)))) {
        throw new IllegalArgumentException(
            "bias shape " + bias.getShape() + " does not match weight shape " + ws);
      }
    }
    Shape rows = new Shape(hs.get(0), hs.get(1));
    sameShape("labels", labels, rows, hs);
    sameShape("mask", mask, rows, hs);
    if (tokenWeights != null) {
      sameShape("tokenWeights", tokenWeights, rows, hs);
    }
    if (!labels.getDataType().isInteger()) {
      throw new IllegalArgumentException(
          "labels must be an integer type, but are: " + labels.getDataType());
    }
    if ((referenceChosen == null) != (referenceRejected == null)) {
      throw new IllegalArgumentException(
          "referenceChosen and referenceRejected must be given together, but only one is");
    }
    Shape pairs = new Shape(hs.get(0) / 2);
    if (referenceChosen != null && !referenceChosen.getShape().equals(pairs)) {
      throw new IllegalArgumentException(
          "referenceChosen shape " + referenceChosen.getShape() + " must be " + pairs);
    }
    if (referenceRejected != null && !referenceRejected.getShape().equals(pairs)) {
      throw new IllegalArgumentException(
          "referenceRejected shape " + referenceRejected.getShape() + " must be " + pairs);
    }
  }

  private static void floating(String name, NDArray array) {
    DataType t = array.getDataType();
    if (t != DataType.FLOAT16 && t != DataType.FLOAT32 && t != DataType.FLOAT64) {
      throw new IllegalArgumentException(
          name
              + " must be float16, float32 or float64 (convert bfloat16 inside the model, before"
              + " autograd records it), but is: "
              + t);
    }
  }

  private static void sameShape(String name, NDArray array, Shape expected, Shape hidden) {
    if (!array.getShape().equals(expected)) {
      throw new IllegalArgumentException(
          name + " shape " + array.getShape() + " does not match hidden shape " + hidden);
    }
  }

  /**
   * Returns the number of pairs B.
   *
   * @return B
   */
  public long pairs() {
    return hidden.getShape().get(0) / 2;
  }

  /**
   * Starts a builder with the required arrays.
   *
   * @param hidden final hidden states {@code [2B, T, H]}
   * @param weight the output-projection weight {@code [V, H]}
   * @param labels target token ids {@code [2B, T]}
   * @param mask answer mask {@code [2B, T]}
   * @return a new builder
   */
  public static Builder builder(NDArray hidden, NDArray weight, NDArray labels, NDArray mask) {
    return new Builder(hidden, weight, labels, mask);
  }

  /** Builder for {@link FusedPreferenceInputs}; not thread-safe. */
  public static final class Builder {
    private final NDArray hidden;
    private final NDArray weight;
    private final NDArray labels;
    private final NDArray mask;
    private @Nullable NDArray bias;
    private @Nullable NDArray tokenWeights;
    private @Nullable NDArray referenceChosen;
    private @Nullable NDArray referenceRejected;
    private TokenReduction reduction = TokenReduction.SUM;

    private Builder(NDArray hidden, NDArray weight, NDArray labels, NDArray mask) {
      this.hidden = requireNonNull(hidden, "hidden");
      this.weight = requireNonNull(weight, "weight");
      this.labels = requireNonNull(labels, "labels");
      this.mask = requireNonNull(mask, "mask");
    }

    /**
     * Sets the output-projection bias; default none.
     *
     * @param bias {@code [V]}
     * @return this builder
     */
    public Builder bias(NDArray bias) {
      this.bias = requireNonNull(bias, "bias");
      return this;
    }

    /**
     * Sets per-token weights {@code w_t}; default none (every weight 1).
     *
     * @param tokenWeights {@code [2B, T]}
     * @return this builder
     */
    public Builder tokenWeights(NDArray tokenWeights) {
      this.tokenWeights = requireNonNull(tokenWeights, "tokenWeights");
      return this;
    }

    /**
     * Sets the reference sequence log-probabilities; default none (only for reference-free losses).
     *
     * @param chosen {@code log pi_ref(y_c|x)} {@code [B]}
     * @param rejected {@code log pi_ref(y_r|x)} {@code [B]}
     * @return this builder
     */
    public Builder reference(NDArray chosen, NDArray rejected) {
      this.referenceChosen = requireNonNull(chosen, "chosen");
      this.referenceRejected = requireNonNull(rejected, "rejected");
      return this;
    }

    /**
     * Sets the sequence reduction; default {@link TokenReduction#SUM}.
     *
     * @param reduction the reduction
     * @return this builder
     */
    public Builder reduction(TokenReduction reduction) {
      this.reduction = requireNonNull(reduction, "reduction");
      return this;
    }

    /**
     * Builds and validates the inputs.
     *
     * @return the inputs
     * @throws IllegalArgumentException as the record's constructor
     */
    public FusedPreferenceInputs build() {
      return new FusedPreferenceInputs(
          hidden,
          weight,
          bias,
          labels,
          mask,
          tokenWeights,
          referenceChosen,
          referenceRejected,
          reduction);
    }
  }
}
