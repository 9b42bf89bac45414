package dev.mia.core.tensor;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Per-token log-probabilities of target tokens from logits: {@code lp[b, t] = logits[b, t, label[b,
 * t]] - logsumexp_v logits[b, t, v]}, i.e. {@code logSoftmax(-1)} then a gather of the label, for
 * logits {@code [B, T, V]} and labels {@code [B, T]}, with an optional mask, an ignore index and
 * the causal {@link Shift}.
 *
 * <pre>{@code
 * TokenLogProbs kernel = TokenLogProbs.builder().shift(Shift.NEXT_TOKEN).chunkSize(64).build();
 * PerTokenLogProbs lp = kernel.compute(logits, labels, completionMask);
 * NDArray sequenceLogProbs = lp.sum();
 * }</pre>
 *
 * <h2>Scored positions only, in chunks</h2>
 *
 * The mask and the labels ({@code B x T} values) are copied to the host once. Each row is split
 * into runs of unscored positions, which are never computed (their output stays 0), and segments of
 * scored positions of at most {@link #chunkSize()} positions, a longer scored span being cut into
 * pieces of nearly equal length; a segment may keep unscored holes of up to 8 positions inside, so
 * that a fragmented mask does not become one tiny chunk per scored run. A segment {@code [b,
 * start:end)} is contiguous in memory, so its fused log-softmax reads it in place, inside its own
 * {@link NDScope}, and its gathered values are written into one {@code [B x T]} output created up
 * front (no list of parts, no concatenation), which is reshaped to {@code [B, T]}.
 *
 * <p>Time: one log-softmax pass over the scored positions (plus the holes), against one over all
 * {@code B x T} positions for DJL's {@code logSoftmax(-1)} + {@code gather}. A single-pass {@code
 * logit - (max + log sum exp(x - max))} per chunk was measured 2 to 3 times slower than the fused
 * log-softmax on the PyTorch engine (DJL 0.34 has no log-sum-exp op and no in-place {@code exp}, so
 * it takes four ops and two chunk-sized temporaries). What dominates both is writing the
 * log-softmax into memory: fresh pages cost a page fault each (a {@code [B, T, V]} log-softmax of
 * 250 MB takes 64,000). The automatic chunk ({@link #AUTO_CHUNK_ELEMENTS}, 24 MiB in float32) is
 * therefore kept below glibc's largest mmap threshold (32 MiB): after the first chunk, each chunk's
 * log-softmax is served from heap memory that an earlier chunk (or call) freed, already mapped, and
 * nothing allocated inside a chunk outlives it, so that memory can be reused. Measured with {@code
 * TokenLogProbsRounds} (mia-benchmarks) on [4, 512, 32000] with every position scored: 1.8-2.0x the
 * speed of {@code logSoftmax} + {@code gather}, where 64 MiB chunks (mapped and faulted afresh each
 * time) gave 0.87x.
 *
 * <p>Memory, when no gradient is recorded: one {@code [chunk, V]} log-softmax alive at a time
 * (plus, for float16 logits, its float32 copy), never {@code [B, T, V]}. Because the heap keeps
 * freed chunks for reuse and fragments a little while it warms up, the resident peak of a first
 * call is a few chunks (measured 60 to 110 MB at V = 32,000 and 128,000, the same for 2,048 and
 * 8,192 positions, against 250 and 1,000 MB for the whole log-softmax), and about one chunk stays
 * resident in the heap afterwards. Under a gradient collector the chunks' log-softmax stay on the
 * autograd graph for the backward pass, so the peak is the scored positions' {@code [N, V]}, not
 * {@code [B, T, V]}.
 *
 * <h2>Gradients</h2>
 *
 * Unscored positions never enter a log-softmax, or do so as a row of zeros (the holes, replaced
 * with {@code where} before the softmax), so their gradient is exactly 0 even when their logits are
 * {@code -Infinity} or NaN, and they cannot poison the other positions. With no scored position at
 * all the result is still recorded on the logits (an empty slice's sum), so a backward gives a zero
 * gradient instead of failing.
 *
 * <h2>Data types and devices</h2>
 *
 * Float32 and float64 logits are computed in their own precision; float16 logits are converted to
 * float32 chunk by chunk (the result is float32) by type promotion (adding a float32 zero), not
 * with {@code toType}, which in DJL 0.34 detaches its result from autograd: a float16 tensor under
 * a collector keeps its gradient. Bfloat16 logits (which DJL 0.34 reports as {@code BFLOAT16} or,
 * from TorchScript, {@code UNKNOWN}) are converted to float32 first with {@code toType}, because
 * bfloat16 ops end the JVM in DJL 0.34's PyTorch engine; that copy has no gradient, so bfloat16
 * logits that require one are refused (convert them inside the model). Labels must have an integer
 * type: float labels (1.7) are refused, not truncated. All work happens on the device of the
 * logits; the mask and the labels are copied to the host.
 *
 * <h2>Non-finite values</h2>
 *
 * Positions that are masked or carry the ignore index hold 0 in the output and are 0 in the mask; a
 * {@code -Infinity} logit at an unused vocabulary entry is harmless. NaN logits at scored positions
 * give NaN there.
 *
 * <p>Instances are immutable and thread-safe. Inputs are never closed; outputs are attached to the
 * manager of the logits.
 */
public final class TokenLogProbs {
  /**
   * The chunk size that means "choose per call": {@link #chunkPositions(long)} positions, so that a
   * float32 chunk holds about {@link #AUTO_CHUNK_ELEMENTS} values (24 MiB). The default.
   */
  public static final int AUTO_CHUNK_SIZE = 0;

  /**
   * The number of values an automatic chunk aims at: 6 x 2^20, i.e. 24 MiB in float32 (196
   * positions of a 32k vocabulary, 41 of a 152k one), below glibc's largest mmap threshold (32
   * MiB), so that after the first chunk each chunk's log-softmax reuses the heap memory of the
   * previous one instead of mapping (and page-faulting) fresh memory; see the class notes.
   */
  public static final long AUTO_CHUNK_ELEMENTS = 6L << 20;

  /** The default ignore index, -100 (the PyTorch / Hugging Face convention). */
  public static final int DEFAULT_IGNORE_INDEX = -100;

  /** A kernel with all defaults: no shift, ignore index -100, automatic chunk size. */
  public static final TokenLogProbs DEFAULT = builder().build();

  /**
   * The largest run of unscored positions kept inside a scored segment: shorter gaps are computed
   * (and masked) rather than split off, so that a fragmented mask does not make one tiny chunk per
   * scored run.
   */
  private static final int MAX_HOLE = 8;

  private final Shift shift;
  private final int ignoreIndex;
  private final int chunkSize;

  private TokenLogProbs(Builder builder) {
    this.shift = builder.shift;
    this.ignoreIndex = builder.ignoreIndex;
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
   * Returns the alignment of logits and labels.
   *
   * @return the shift
   */
  public Shift shift() {
    return shift;
  }

  /**
   * Returns the label value that marks a position as not scored.
   *
   * @return the ignore index
   */
  public int ignoreIndex() {
    return ignoreIndex;
  }

  /**
   * Returns the configured number of time positions processed at once.
   *
   * @return the chunk size, or {@link #AUTO_CHUNK_SIZE} for a per-call choice
   */
  public int chunkSize() {
    return chunkSize;
  }

  /**
   * Returns the number of positions per chunk for a given vocabulary size: the configured chunk
   * size, or for {@link #AUTO_CHUNK_SIZE} {@code max(1, AUTO_CHUNK_ELEMENTS / vocabulary)}.
   *
   * @param vocabulary the vocabulary size {@code V}, at least 1
   * @return the positions per chunk
   */
  public int chunkPositions(long vocabulary) {
    if (vocabulary < 1) {
      throw new IllegalArgumentException("vocabulary must be >= 1, but is: " + vocabulary);
    }
    if (chunkSize != AUTO_CHUNK_SIZE) {
      return chunkSize;
    }
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, AUTO_CHUNK_ELEMENTS / vocabulary));
  }

  /**
   * Computes per-token log-probabilities of the labels.
   *
   * @param logits {@code [B, T, V]}, float16, float32, float64 or bfloat16
   * @param labels {@code [B, T]} integer token ids in {@code [0, V)} or the ignore index
   * @param mask optional {@code [B, T]}, non-zero where a token is scored; {@code null} scores
   *     every position whose label is not the ignore index
   * @return the per-token log-probabilities {@code [B, T']} and the effective mask, where {@code T'
   *     = T} or {@code T - 1} with {@link Shift#NEXT_TOKEN}
   * @throws IllegalArgumentException if the shapes do not match (the message names both shapes),
   *     the labels are not an integer type, the logits not a floating-point type, bfloat16 logits
   *     require a gradient, the batch or time axis is empty, or a scored label is outside {@code
   *     [0, V)}
   */
  public PerTokenLogProbs compute(NDArray logits, NDArray labels, @Nullable NDArray mask) {
    return run(logits, labels, mask, TokenLogProbs::labelLogProbs);
  }

  /**
   * Computes, per position, {@code log sum_v p_v^2} where {@code p = softmax(logits)}: the
   * normaliser of WPO's weights (Zhou et al., arXiv 2406.11827, eq. 2), with the same chunking,
   * shift, mask and ignore index as {@link #compute}. The label only selects which positions count.
   *
   * @param logits {@code [B, T, V]}
   * @param labels {@code [B, T]} integer token ids or the ignore index
   * @param mask optional {@code [B, T]} mask
   * @return {@code log sum_v p_v^2} per position and the effective mask
   * @throws IllegalArgumentException on the same conditions as {@link #compute}
   */
  public PerTokenLogProbs logSquaredProbabilityMass(
      NDArray logits, NDArray labels, @Nullable NDArray mask) {
    return run(logits, labels, mask, TokenLogProbs::squaredMass);
  }

  private record Chunk(NDArray logSoftmax, NDArray labels) {}

  private static NDArray labelLogProbs(Chunk chunk) {
    return chunk.logSoftmax().gather(chunk.labels().expandDims(-1), -1).squeeze(-1);
  }

  private static NDArray squaredMass(Chunk chunk) {
    // log sum_v exp(2 lsm_v): every term is <= 1 and the largest is >= 1/V^2, so no overflow.
    NDArray logSoftmax = chunk.logSoftmax();
    return logSoftmax.mul(OwnedScalar.of(logSoftmax, 2)).exp().sum(new int[] {-1}).log();
  }

  private PerTokenLogProbs run(
      NDArray logitsIn,
      NDArray labelsIn,
      @Nullable NDArray maskIn,
      Function<Chunk, NDArray> perChunk) {
    requireNonNull(logitsIn, "logits");
    requireNonNull(labelsIn, "labels");
    Shape ls = logitsIn.getShape();
    if (ls.dimension() != 3) {
      throw new IllegalArgumentException("logits must be [B, T, V], but has shape: " + ls);
    }
    if (!labelsIn.getShape().equals(new Shape(ls.get(0), ls.get(1)))) {
      throw new IllegalArgumentException(
          "labels shape " + labelsIn.getShape() + " does not match logits shape " + ls);
    }
    if (maskIn != null && !maskIn.getShape().equals(labelsIn.getShape())) {
      throw new IllegalArgumentException(
          "mask shape "
              + maskIn.getShape()
              + " does not match labels shape "
              + labelsIn.getShape());
    }
    if (ls.get(0) == 0 || ls.get(1) == 0 || ls.get(2) == 0) {
      throw new IllegalArgumentException(
          "logits must not have an empty axis, but has shape: " + ls);
    }
    if (shift == Shift.NEXT_TOKEN && ls.get(1) < 2) {
      throw new IllegalArgumentException(
          "shift NEXT_TOKEN needs at least 2 positions, but logits have shape: " + ls);
    }
    if (!labelsIn.getDataType().isInteger()) {
      throw new IllegalArgumentException(
          "labels must be an integer type, but are: " + labelsIn.getDataType());
    }
    DataType type = logitsIn.getDataType();
    boolean narrow = type == DataType.BFLOAT16 || type == DataType.UNKNOWN;
    if (!narrow && !type.isFloating()) {
      throw new IllegalArgumentException(
          "logits must be float16, float32, float64 or bfloat16, but are: " + type);
    }
    if (narrow && logitsIn.hasGradient()) {
      throw new IllegalArgumentException(
          "logits of type "
              + type
              + " require a gradient, which DJL 0.34's conversion to float32 would drop: convert"
              + " them to float32 inside the model");
    }
    List<NDArray> owned = new ArrayList<>();
    try {
      NDArray logits = logitsIn;
      if (narrow) {
        logits = track(owned, logits.toType(DataType.FLOAT32, false));
      }
      NDArray labels = labelsIn;
      NDArray mask = maskIn;
      if (shift == Shift.NEXT_TOKEN) {
        logits = track(owned, logits.get(new NDIndex(":, :-1")));
        labels = track(owned, labels.get(new NDIndex(":, 1:")));
        mask = mask == null ? null : track(owned, mask.get(new NDIndex(":, 1:")));
      }
      NDArray longLabels = labels;
      if (labels.getDataType() != DataType.INT64) {
        longLabels = track(owned, labels.toType(DataType.INT64, false));
      }
      NDArray valid = track(owned, longLabels.neq(ignoreIndex));
      if (mask != null) {
        valid = track(owned, valid.logicalAnd(track(owned, mask.neq(0))));
      }
      NDArray safeLabels =
          track(owned, NDArrays.where(valid, longLabels, track(owned, longLabels.zerosLike())));
      boolean[] scored = valid.toBooleanArray();
      checkLabelRange(longLabels.toLongArray(), scored, ls.get(2));
      DataType outType =
          logits.getDataType() == DataType.FLOAT64 ? DataType.FLOAT64 : DataType.FLOAT32;
      long batch = logits.getShape().get(0);
      long steps = logits.getShape().get(1);
      // One output for the whole batch, written chunk by chunk: nothing chunk-sized or
      // per-chunk outlives a chunk, so each chunk's log-softmax reuses the memory of the last.
      NDArray flat = track(owned, logits.getManager().zeros(new Shape(batch * steps), outType));
      NDArray zero = track(owned, logits.getManager().zeros(new Shape(1), outType));
      NDArray validColumn = track(owned, valid.expandDims(-1));
      boolean any = false;
      int chunk = chunkPositions(ls.get(2));
      for (Segment segment : segments(scored, batch, steps, chunk)) {
        try (NDScope scope = new NDScope()) {
          scope.suppressNotUsedWarning();
          NDIndex range = new NDIndex("{}, {}:{}", segment.row(), segment.start(), segment.end());
          NDArray input = logits.get(range);
          if (input.getDataType() != outType) {
            // Type promotion instead of toType, which would detach the result from autograd.
            input = input.add(zero);
          }
          if (segment.holes()) {
            // Unscored rows inside a segment: their logits (maybe -inf or NaN) are replaced by 0
            // before the softmax, so that their gradient is exactly 0 instead of NaN.
            Shape shape = input.getShape();
            input =
                NDArrays.where(
                    validColumn.get(range).broadcast(shape), input, zero.broadcast(shape));
          }
          NDArray lsm = input.logSoftmax(-1);
          any = true;
          NDArray part = perChunk.apply(new Chunk(lsm, safeLabels.get(range)));
          if (segment.holes()) {
            part = NDArrays.where(valid.get(range), part, zero.broadcast(part.getShape()));
          }
          long offset = segment.row() * steps;
          flat.set(new NDIndex("{}:{}", offset + segment.start(), offset + segment.end()), part);
        }
      }
      if (!any) {
        // Nothing scored: the zeros still hang on the logits' graph, so a backward gives 0.
        flat = track(owned, flat.add(track(owned, logits.get(new NDIndex("0, 0:0")).sum())));
      }
      NDArray values = flat.reshape(batch, steps);
      NDArray outMask = valid.toType(outType, false);
      return new PerTokenLogProbs(values, outMask);
    } finally {
      for (NDArray array : owned) {
        array.close();
      }
    }
  }

  /**
   * A scored piece of one row, {@code [row, start:end)}: at most one chunk of positions, with
   * unscored {@code holes} of at most {@link #MAX_HOLE} positions inside.
   */
  private record Segment(long row, long start, long end, boolean holes) {}

  /**
   * Splits the scored positions of each row into segments of at most {@code chunk} positions, in
   * row-major order; unscored runs longer than {@link #MAX_HOLE} are left out. A row's scored span
   * longer than one chunk is cut into pieces of nearly equal length ({@code ceil(span / ceil(span /
   * chunk))}), so that no piece is much smaller than the others and each piece can reuse the memory
   * of the previous one.
   */
  private static List<Segment> segments(boolean[] scored, long batch, long steps, int chunk) {
    List<Segment> out = new ArrayList<>();
    for (long b = 0; b < batch; b++) {
      int base = (int) (b * steps);
      long rowLast = steps - 1;
      while (rowLast >= 0 && !scored[base + (int) rowLast]) {
        rowLast--;
      }
      long t = 0;
      while (t <= rowLast) {
        if (!scored[base + (int) t]) {
          t++;
          continue;
        }
        // A scored segment: extend over scored positions and short holes, up to one balanced
        // piece of the rest of the row, and end it at its last scored position.
        long span = rowLast - t + 1;
        long pieces = (span + chunk - 1) / chunk;
        long length = (span + pieces - 1) / pieces;
        long lastScored = t;
        long end = t + 1;
        long limit = Math.min(steps, t + length);
        while (end < limit) {
          if (scored[base + (int) end]) {
            lastScored = end;
            end++;
            continue;
          }
          long gapEnd = end;
          while (gapEnd < limit && !scored[base + (int) gapEnd]) {
            gapEnd++;
          }
          if (gapEnd - end > MAX_HOLE || gapEnd == limit) {
            break;
          }
          end = gapEnd;
        }
        long stop = lastScored + 1;
        boolean holes = false;
        for (long i = t; i < stop; i++) {
          holes |= !scored[base + (int) i];
        }
        out.add(new Segment(b, t, stop, holes));
        t = stop;
      }
    }
    return out;
  }

  private static void checkLabelRange(long[] labels, boolean[] scored, long vocabulary) {
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (int i = 0; i < labels.length; i++) {
      if (scored[i]) {
        min = Math.min(min, labels[i]);
        max = Math.max(max, labels[i]);
      }
    }
    if (min != Long.MAX_VALUE && (min < 0 || max >= vocabulary)) {
      throw new IllegalArgumentException(
          "labels must lie in [0, "
              + vocabulary
              + ") or equal the ignore index, but range over: ["
              + min
              + ", "
              + max
              + "]");
    }
  }

  private static NDArray track(List<NDArray> owned, NDArray array) {
    owned.add(array);
    return array;
  }

  @Override
  public String toString() {
    return "TokenLogProbs(shift="
        + shift
        + ", ignoreIndex="
        + ignoreIndex
        + ", chunkSize="
        + (chunkSize == AUTO_CHUNK_SIZE ? "auto" : Integer.toString(chunkSize))
        + ")";
  }

  /** Builder for {@link TokenLogProbs}; not thread-safe. */
  public static final class Builder {
    private Shift shift = Shift.NONE;
    private int ignoreIndex = DEFAULT_IGNORE_INDEX;
    private int chunkSize = AUTO_CHUNK_SIZE;

    private Builder() {}

    /**
     * Sets how logits and labels line up; default {@link Shift#NONE}.
     *
     * @param shift the alignment
     * @return this builder
     */
    public Builder shift(Shift shift) {
      this.shift = requireNonNull(shift, "shift");
      return this;
    }

    /**
     * Sets the label value that marks a position as not scored; default -100.
     *
     * @param ignoreIndex the ignore index
     * @return this builder
     */
    public Builder ignoreIndex(int ignoreIndex) {
      this.ignoreIndex = ignoreIndex;
      return this;
    }

    /**
     * Sets the number of time positions per chunk (with or without a gradient). Default: {@link
     * #AUTO_CHUNK_SIZE}, about 24 MiB of float32 per chunk.
     *
     * @param chunkSize positions per chunk, at least 1, or {@link #AUTO_CHUNK_SIZE}
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
     * @throws IllegalArgumentException if the chunk size is below 1
     */
    public TokenLogProbs build() {
      if (chunkSize < 0) {
        throw new IllegalArgumentException(
            "chunkSize must be >= 1 (or 0 for automatic), but is: " + chunkSize);
      }
      return new TokenLogProbs(this);
    }
  }
}
