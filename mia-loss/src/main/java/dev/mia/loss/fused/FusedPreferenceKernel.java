package dev.mia.loss.fused;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.mia.core.tensor.OwnedCopy;
import dev.mia.core.tensor.PerTokenLogProbs;
import dev.mia.loss.DpoLoss;
import dev.mia.loss.DpoOutput;
import dev.mia.loss.PreferenceLogProbs;
import dev.mia.loss.TokenReduction;
import org.jspecify.annotations.Nullable;

/**
 * A fused output-projection preference kernel: from the final hidden states {@code h} {@code [2B,
 * T, H]} and the output-projection weight {@code W} {@code [V, H]} (and bias {@code b}), the token
 * log-probabilities {@code lp_t = h_t . W[y_t] + b[y_t] - logsumexp_v (h_t . W[v] + b[v])}, the
 * sequence log-probabilities ({@link TokenReduction}), any {@link DpoLoss} (or {@link
 * PreferenceObjective}) on them, and a loss whose autograd gradient into {@code h}, {@code W} and
 * {@code b} is exact, without ever holding more than one chunk of logits ({@code chunk x V}) and
 * with nothing of size {@code T x V} on the autograd graph. Anchors: Liger-Kernel's {@code
 * fused_linear_preference.py} (gradient computed in the forward call), Apple's Cut Cross-Entropy.
 *
 * <pre>{@code
 * FusedPreferenceKernel kernel = FusedPreferenceKernel.builder().build();
 * try (GradientCollector gc = trainer.newGradientCollector()) {
 *   NDArray h = model.finalHiddenStates(batch);            // [2B, T, H], chosen rows first
 *   FusedPreferenceInputs in = FusedPreferenceInputs.builder(h, lmHead, labels, answerMask)
 *       .reference(refChosen, refRejected).build();
 *   FusedPreferenceOutput out = kernel.compute(in, dpoLoss, gc);
 *   gc.backward(out.loss());                                // dL/dh flows into the model
 * }
 * }</pre>
 *
 * <h2>Algorithm</h2>
 *
 * With {@code N} the scored positions ({@code mask != 0}) only, and {@code g_t = dL/d lp_t}:
 *
 * <pre>
 *   dL/dh_t = g_t (W[y_t] - sum_v softmax_tv W[v])
 *   dL/dW   = sum_t g_t (onehot(y_t) - softmax_t) outer h_t
 *   dL/db   = sum_t g_t (onehot(y_t) - softmax_t)
 * </pre>
 *
 * <ol>
 *   <li>Pass 1, recording nothing (on {@code h.stopGradient()}, {@code W.stopGradient()}): per
 *       chunk of scored rows, {@code logits = h_c W^T + b}, log-softmax, gather of the label.
 *   <li>The token log-probabilities become a fresh {@code [2B, T]} leaf array that requires a
 *       gradient; the sequence log-probabilities, the {@link PreferenceLogProbs} (reference, token
 *       counts as lengths, chosen per-token log-probabilities for an SFT term) and the objective's
 *       loss are built from it under the caller's collector, and {@code collector.backward} runs on
 *       that small loss alone. Its graph starts at the fresh leaf, so the backward visits only the
 *       loss's own operations (a few arrays of size {@code 2B x T}); the model's graph, which the
 *       caller recorded into {@code h}, is neither traversed nor freed. The leaf's gradient is
 *       {@code g_t}, with the mask, the token weights and the reduction already in it. This is how
 *       the kernel works with DJL 0.34's one collector per JVM: it reuses the caller's collector
 *       instead of opening a second one, and it works for any objective, since autograd, not the
 *       kernel, differentiates the loss.
 *   <li>Pass 2, recording nothing: per chunk again, the softmax, {@code D = g (onehot(y) -
 *       softmax)}, {@code G_h = D W}, {@code G_W += D^T h_c}, {@code G_b += sum D}.
 *   <li>The result, recorded under the caller's collector: {@code loss = L + (s - stopGradient(s))}
 *       with {@code s = sum(h * G_h) + sum(W * G_W) + sum(b * G_b)} and the {@code G} constant. Its
 *       value is exactly {@code L} (since {@code s - s = 0}) and its gradient is {@code G_h, G_W,
 *       G_b}; from {@code h} it flows into the rest of the model as usual.
 * </ol>
 *
 * Several calls may share one collector before its backward (each runs its own small backward):
 * Avg-DPO's {@code g L(y+, y-) + (1 - g) L(y+, y~-)} is {@code g} times one call's loss plus {@code
 * 1 - g} times another's.
 *
 * <p>All three gradients are always computed: DJL 0.34's {@link NDArray#hasGradient()} is false for
 * non-leaf arrays (a model's hidden states, a tied or transformed weight), so it cannot tell a
 * frozen LM head from one that needs a gradient. A frozen head costs one product per chunk that is
 * then not used.
 *
 * <h2>Memory and time</h2>
 *
 * Peak extra memory: two {@code [chunk, V]} arrays for a moment (logits and their (log-)softmax;
 * the logits are freed before the gradient products), {@code G_h} (the size of the scored rows of
 * {@code h}), {@code G_W} plus one product of {@code W}'s size while it is accumulated, and for
 * float16 inputs float32 copies of {@code h}'s scored rows and of {@code W}. Time: two projections
 * ({@code h W^T}) and two gradient products instead of one projection and two gradient products
 * (pass 2 reuses pass 1's last chunk, so {@code k} chunks cost {@code 2k - 1} projections, and one
 * chunk costs as many as the naive path), plus the gather and scatter of the scored rows; unscored
 * positions (prompt, padding) cost nothing, unlike a full {@code [2B, T, V]} projection.
 *
 * <h2>Numerics</h2>
 *
 * Unscored positions never enter a computation, so their hidden states and labels may hold anything
 * (NaN, -100) and their gradient is exactly 0; so may their token weights, which are selected with
 * {@code where}, not multiplied by the mask. Float64 inputs are computed in float64; float16 and
 * float32 in float32 (the kernel converts detached copies, so {@code toType}'s loss of the autograd
 * graph cannot occur; {@code G} is cast to the input's own type in step 4). Bfloat16 is refused by
 * {@link FusedPreferenceInputs}. Two host copies are made per call: the mask and the labels ({@code
 * 2B x T} values), to find the scored rows and check the labels' range.
 *
 * <p>Instances are immutable and thread-safe (a call must still run on the thread that owns the
 * collector). Inputs are never closed; outputs are attached to the manager of the hidden states.
 */
public final class FusedPreferenceKernel {
  /**
   * The chunk size that means "choose per call": {@link #chunkRows(long)} rows, so that one float32
   * chunk of logits holds about {@link #AUTO_CHUNK_ELEMENTS} values. The default.
   */
  public static final int AUTO_CHUNK_SIZE = 0;

  /**
   * The number of logits an automatic chunk aims at: 2^25 (128 MiB in float32; 1048 rows of a 32k
   * vocabulary, 262 of a 128k one). Measured on 2 cores at V = 32000: the projections' CPU time per
   * row falls by about 10% from 524-row to 1024-row chunks (BLAS efficiency), and chunks above
   * glibc's mmap threshold go back to the system when freed, as in {@link
   * dev.mia.core.tensor.TokenLogProbs}.
   */
  public static final long AUTO_CHUNK_ELEMENTS = 1L << 25;

  /** A kernel with the defaults (automatic chunk size). */
  public static final FusedPreferenceKernel DEFAULT = builder().build();

  private final int chunkSize;

  private FusedPreferenceKernel(Builder builder) {
    this.chunkSize = builder.chunkSize;
  }

  /**
   * Starts a builder with the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the configured rows per chunk.
   *
   * @return the chunk size, or {@link #AUTO_CHUNK_SIZE}
   */
  public int chunkSize() {
    return chunkSize;
  }

  /**
   * Returns the rows per chunk for a vocabulary size: the configured chunk size, or for {@link
   * #AUTO_CHUNK_SIZE} {@code max(1, AUTO_CHUNK_ELEMENTS / V)}.
   *
   * @param vocabulary V, at least 1
   * @return the rows per chunk
   * @throws IllegalArgumentException if the vocabulary is below 1
   */
  public int chunkRows(long vocabulary) {
    if (vocabulary < 1) {
      throw new IllegalArgumentException("vocabulary must be >= 1, but is: " + vocabulary);
    }
    if (chunkSize != AUTO_CHUNK_SIZE) {
      return chunkSize;
    }
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, AUTO_CHUNK_ELEMENTS / vocabulary));
  }

  /**
   * Computes the loss of a {@link DpoLoss} with exact gradients into the hidden states, weight and
   * bias; {@code compute(inputs, loss::compute, collector)}.
   *
   * @param inputs the batch
   * @param loss the loss
   * @param collector the caller's open gradient collector, the one that records the model
   * @return the loss, metrics and token log-probabilities, attached to the hidden states' manager
   * @throws IllegalArgumentException if a scored label is outside {@code [0, V)} or the loss needs
   *     an input it lacks
   */
  public FusedPreferenceOutput compute(
      FusedPreferenceInputs inputs, DpoLoss loss, GradientCollector collector) {
    requireNonNull(loss, "loss");
    return compute(inputs, loss::compute, collector);
  }

  /**
   * Computes an objective's loss with exact gradients into the hidden states, weight and bias (see
   * the class documentation for the steps). Call it inside {@code collector}'s scope and
   * back-propagate {@code result.loss()} with the same collector.
   *
   * @param inputs the batch
   * @param objective the loss over sequence log-probabilities
   * @param collector the caller's open gradient collector, the one that records the model
   * @return the loss, metrics and token log-probabilities, attached to the hidden states' manager
   * @throws IllegalArgumentException if a scored label is outside {@code [0, V)} or the objective
   *     rejects its inputs
   */
  public FusedPreferenceOutput compute(
      FusedPreferenceInputs inputs, PreferenceObjective objective, GradientCollector collector) {
    requireNonNull(collector, "collector");
    return run(inputs, objective, collector);
  }

  /**
   * Computes the loss and metrics without any gradient (evaluation, or a reference model's pass
   * through the same code): pass 1 and the objective only; no collector needed.
   *
   * @param inputs the batch
   * @param objective the loss over sequence log-probabilities
   * @return the loss, metrics and token log-probabilities, attached to the hidden states' manager
   * @throws IllegalArgumentException if a scored label is outside {@code [0, V)} or the objective
   *     rejects its inputs
   */
  public FusedPreferenceOutput evaluate(
      FusedPreferenceInputs inputs, PreferenceObjective objective) {
    return run(inputs, objective, null);
  }

  private FusedPreferenceOutput run(
      FusedPreferenceInputs in,
      PreferenceObjective objective,
      @Nullable GradientCollector collector) {
    requireNonNull(in, "inputs");
    requireNonNull(objective, "objective");
    NDArray hiddenIn = in.hidden();
    Shape hs = hiddenIn.getShape();
    long rowsAll = hs.get(0) * hs.get(1);
    long width = hs.get(2);
    long vocabulary = in.weight().getShape().get(0);
    DataType type = computeType(in);
    ScoredRows scored = ScoredRows.of(in.mask(), in.labels(), vocabulary);
    NDManager manager = hiddenIn.getManager();
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      int count = scored.count();
      // owned: the recorded gather of h's scored rows saves it for the caller's backward pass,
      // which runs after this scope has closed it
      NDArray index = OwnedCopy.of(manager, scored.index(), new Shape(count));
      NDArray hFlat = asType(hiddenIn.stopGradient(), type).reshape(rowsAll, width);
      NDArray rowIndex = index.expandDims(1).broadcast(new Shape(count, width));
      NDArray hScored = count == 0 ? null : hFlat.gather(rowIndex, 0);
      NDArray w = asType(in.weight().stopGradient(), type);
      NDArray b = in.bias() == null ? null : asType(in.bias().stopGradient(), type);
      NDArray y = manager.create(scored.labels());
      ProjectionChunks chunks =
          hScored == null ? null : new ProjectionChunks(hScored, w, b, y, chunkRows(vocabulary));

      // Step 1: token log-probs of the scored rows, scattered into a fresh [2B, T] leaf.
      NDArray tokens = manager.zeros(new Shape(rowsAll), type);
      if (chunks != null) {
        tokens = tokens.scatter(index, chunks.tokenLogProbs(), 0);
      }
      tokens = tokens.reshape(hs.get(0), hs.get(1));
      NDArray leaf = tokens.duplicate();
      if (collector != null) {
        leaf.setRequiresGradient(true);
      }

      // Step 2: the objective on the sequence log-probs; dL/d(token log-prob) from its backward.
      DpoOutput small = objective.compute(preferenceInputs(in, leaf, type));
      NDArray upstream = null;
      if (collector != null) {
        collector.backward(small.loss());
        upstream = count == 0 ? null : leaf.getGradient().reshape(rowsAll).gather(index, 0);
      }
      NDArray lossValue = small.loss().stopGradient();

      // Steps 3 and 4: the gradients, and the loss that carries them. The scored rows of h are
      // gathered under the recorder, so unscored rows (which may hold NaN) never meet G_h; with no
      // scored row an empty slice of h still gives the caller's backward a graph.
      NDArray loss = lossValue;
      if (collector != null) {
        NDArray bias = in.bias();
        NDArray surrogate;
        NDArray gw;
        NDArray gb = null;
        if (chunks != null && upstream != null) {
          ProjectionChunks.Gradients g = chunks.gradients(upstream);
          NDArray hRows = hiddenIn.reshape(rowsAll, width).gather(rowIndex, 0);
          surrogate = flatDot(hRows, g.hidden());
          gw = g.weight();
          gb = g.bias();
        } else {
          surrogate = hiddenIn.get(new NDIndex("0:0")).sum();
          gw = w.zerosLike();
        }
        surrogate = surrogate.add(flatDot(in.weight(), gw));
        if (bias != null && gb != null) {
          surrogate = surrogate.add(flatDot(bias, gb));
        }
        loss = lossValue.add(surrogate.sub(surrogate.stopGradient()));
      }
      DpoOutput dpo =
          new DpoOutput(
              loss,
              small.perPairLosses().stopGradient(),
              small.chosenRewards(),
              small.rejectedRewards(),
              small.margins(),
              small.accuracy(),
              small.chosenLogProbs(),
              small.rejectedLogProbs());
      small.loss().close();
      small.perPairLosses().close();
      NDScope.unregister(dpo.loss(), dpo.perPairLosses(), tokens);
      return new FusedPreferenceOutput(dpo, tokens);
    }
  }

  /**
   * {@code sum(a * g)} recorded on {@code a}, as one {@code dot} of the flattened arrays (no
   * product of {@code a}'s size in the forward pass), with {@code g} cast to {@code a}'s type.
   */
  private static NDArray flatDot(NDArray a, NDArray g) {
    return a.reshape(-1).dot(asType(g, a.getDataType()).reshape(-1));
  }

  private static PreferenceLogProbs preferenceInputs(
      FusedPreferenceInputs in, NDArray leaf, DataType type) {
    long pairs = in.pairs();
    NDArray mask = in.mask().neq(0);
    NDArray values = NDArrays.where(mask, leaf, leaf.zerosLike());
    NDArray maskValues = mask.toType(type, false);
    NDArray weights = maskValues;
    if (in.tokenWeights() != null) {
      // where, not a product: a NaN weight at an unscored position must not reach the sums.
      NDArray given = asType(in.tokenWeights(), type);
      weights = NDArrays.where(mask, given, given.zerosLike());
      values = values.mul(weights);
    }
    NDArray sequence = values.sum(new int[] {1});
    if (in.reduction() == TokenReduction.MEAN) {
      NDArray denominator = weights.sum(new int[] {1});
      NDArray safe = NDArrays.where(denominator.neq(0), denominator, denominator.onesLike());
      sequence = sequence.div(safe);
    }
    NDArray counts = maskValues.sum(new int[] {1});
    NDIndex chosen = new NDIndex("0:{}", pairs);
    NDIndex rejected = new NDIndex("{}:", pairs);
    PreferenceLogProbs.Builder b =
        PreferenceLogProbs.builder(sequence.get(chosen), sequence.get(rejected))
            .lengths(counts.get(chosen), counts.get(rejected))
            .chosenTokens(new PerTokenLogProbs(leaf.get(chosen), maskValues.get(chosen)));
    if (in.referenceChosen() != null && in.referenceRejected() != null) {
      b.reference(in.referenceChosen(), in.referenceRejected());
    }
    return b.build();
  }

  private static DataType computeType(FusedPreferenceInputs in) {
    boolean wide =
        in.hidden().getDataType() == DataType.FLOAT64
            || in.weight().getDataType() == DataType.FLOAT64;
    return wide ? DataType.FLOAT64 : DataType.FLOAT32;
  }

  private static NDArray asType(NDArray array, DataType type) {
    return array.getDataType() == type ? array : array.toType(type, false);
  }

  @Override
  public String toString() {
    return "FusedPreferenceKernel(chunkSize="
        + (chunkSize == AUTO_CHUNK_SIZE ? "auto" : Integer.toString(chunkSize))
        + ")";
  }

  /** Builder for {@link FusedPreferenceKernel}; not thread-safe. */
  public static final class Builder {
    private int chunkSize = AUTO_CHUNK_SIZE;

    private Builder() {}

    /**
     * Sets the scored rows (positions) per chunk; default {@link #AUTO_CHUNK_SIZE}, about 128 MiB
     * of float32 logits per chunk.
     *
     * @param chunkSize rows per chunk, at least 1, or {@link #AUTO_CHUNK_SIZE}
     * @return this builder
     */
    public Builder chunkSize(int chunkSize) {
      this.chunkSize = chunkSize;
      return this;
    }

    /**
     * Builds the kernel.
     *
     * @return an immutable kernel
     * @throws IllegalArgumentException if the chunk size is negative
     */
    public FusedPreferenceKernel build() {
      if (chunkSize < 0) {
        throw new IllegalArgumentException(
            "chunkSize must be >= 1 (or 0 for automatic), but is: " + chunkSize);
      }
      return new FusedPreferenceKernel(this);
    }
  }
}
