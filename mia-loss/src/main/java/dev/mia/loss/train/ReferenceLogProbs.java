package dev.mia.loss.train;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.mia.core.data.ImageRef;
import dev.mia.core.image.ContentHash;
import dev.mia.core.model.TokenScores;
import dev.mia.core.model.TokenSequence;
import dev.mia.core.model.TrainableVisionLanguageModel;
import dev.mia.core.model.TrainingOutput;
import dev.mia.core.tensor.PerTokenLogProbs;
import dev.mia.loss.cache.CacheKey;
import dev.mia.loss.cache.ReferenceLogProbCache;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The frozen reference model's per-token log-probs for a {@link PreferenceBatch}, read from a
 * {@link ReferenceLogProbCache} and computed on a miss.
 *
 * <p>Rows are looked up in one pass; the misses of a batch are scored together with the reference
 * model in batches of {@link Builder#batchSize} rows, without gradient, and stored. Keys are {@link
 * CacheKey}s of the reference model's id (taken when this object is built, so the cache keeps
 * serving the reference after the policy it was copied from has changed), the tokenizer's {@link
 * dev.mia.core.model.ModelTokenizer#configId()}, the prompt, the answer and the image hashes (the
 * image reference's content hash, else the decoded pixels' hash).
 *
 * <p>A model is causal, so a row cut by {@link Truncation#ANSWER_END} is served by the prefix of a
 * longer cached entry; a cached entry shorter than the row counts as a miss and is replaced.
 *
 * <p>Call it outside any gradient collector (the {@link PreferenceTrainer} does): misses run the
 * reference model's forward pass. Not thread-safe (it counts hits and misses).
 */
public final class ReferenceLogProbs {
  private final ReferenceLogProbCache cache;
  private final TrainableVisionLanguageModel model;
  private final String modelId;
  private final int batchSize;
  private long hits;
  private long misses;

  private ReferenceLogProbs(Builder b) {
    this.cache = b.cache;
    this.model = b.model;
    this.modelId = b.model.id();
    this.batchSize = b.batchSize;
  }

  /**
   * Starts a builder.
   *
   * @param cache the cache to read and fill
   * @param reference the frozen reference model; its id is read once, at {@link Builder#build()}
   * @return a builder with the defaults
   */
  public static Builder builder(
      ReferenceLogProbCache cache, TrainableVisionLanguageModel reference) {
    return new Builder(requireNonNull(cache, "cache"), requireNonNull(reference, "reference"));
  }

  /**
   * Returns the reference log-probs of a batch's answers.
   *
   * @param manager the manager of the result
   * @param batch the batch
   * @return the per-token log-probs, padded like the batch's rows, off any graph
   * @throws IllegalStateException if a row is missing and the reference model's id is no longer the
   *     one this object was built with (its weights changed: the misses would not be the
   *     reference's)
   */
  public ReferenceScores scores(NDManager manager, PreferenceBatch batch) {
    requireNonNull(manager, "manager");
    requireNonNull(batch, "batch");
    List<float[]> chosen = lookup(batch, Side.CHOSEN);
    List<float[]> rejected = lookup(batch, Side.REJECTED);
    fillMisses(batch, chosen, rejected);
    return new ReferenceScores(
        matrix(manager, chosen, batch.rows(Side.CHOSEN)),
        matrix(manager, rejected, batch.rows(Side.REJECTED)));
  }

  /**
   * Returns the reference log-probs of the chosen answers under other images than the pairs' own
   * (mDPO's corrupted image, arXiv 2406.11839), keyed by those images' pixels.
   *
   * @param manager the manager of the result
   * @param batch the batch
   * @param rows per pair, its chosen row with the other images
   * @return the per-token log-probs, padded like {@code rows}, off any graph
   * @throws IllegalArgumentException if there is not one row per pair
   * @throws IllegalStateException as {@link #scores}
   */
  public PerTokenLogProbs scores(
      NDManager manager, PreferenceBatch batch, List<TokenSequence> rows) {
    requireNonNull(manager, "manager");
    requireNonNull(batch, "batch");
    if (rows.size() != batch.size()) {
      throw new IllegalArgumentException(
          "rows must have one row per pair (" + batch.size() + "), but has " + rows.size());
    }
    List<float[]> values = new ArrayList<>(rows.size());
    List<CacheKey> keys = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      CacheKey key = key(batch.pairs().get(i), Side.CHOSEN, rows.get(i));
      keys.add(key);
      values.add(cached(key, rows.get(i).answerLength()));
    }
    compute(rows, keys, values);
    return matrix(manager, values, rows);
  }

  /**
   * Computes and stores every missing entry of the batches, so later lookups hit: call it before
   * the first step when the reference is the policy's own starting point.
   *
   * @param batches the batches to warm the cache for
   */
  public void precompute(List<PreferenceBatch> batches) {
    for (PreferenceBatch batch : batches) {
      fillMisses(batch, lookup(batch, Side.CHOSEN), lookup(batch, Side.REJECTED));
    }
  }

  /**
   * Returns the hit and miss counts of every lookup so far.
   *
   * @return a snapshot
   */
  public ReferenceStats stats() {
    return new ReferenceStats(hits, misses);
  }

  /**
   * Returns the cache key of one side of a collated pair.
   *
   * @param pair the pair
   * @param side which answer
   * @return the key
   */
  public CacheKey key(CollatedPair pair, Side side) {
    return key(pair, side, null);
  }

  private CacheKey key(CollatedPair pair, Side side, @Nullable TokenSequence otherImages) {
    CacheKey.Builder key =
        CacheKey.builder(modelId, model.tokenizer().configId())
            .prompt(pair.pair().prompt().toString())
            .answer(side == Side.CHOSEN ? pair.pair().chosen() : pair.pair().rejected());
    List<ImageRef> refs = pair.pair().images();
    TokenSequence row = otherImages == null ? pair.row(side) : otherImages;
    for (int i = 0; i < refs.size(); i++) {
      Optional<String> hash = otherImages == null ? refs.get(i).contentHash() : Optional.empty();
      key.imageHash(hash.isPresent() ? hash.get() : ContentHash.ofPixels(row.images().get(i)));
    }
    return key.build();
  }

  private List<float[]> lookup(PreferenceBatch batch, Side side) {
    List<float[]> rows = new ArrayList<>(batch.size());
    for (CollatedPair pair : batch.pairs()) {
      rows.add(cached(key(pair, side), pair.row(side).answerLength()));
    }
    return rows;
  }

  /** The cached values of a key if they cover {@code needed} tokens (a hit), else null. */
  private float @Nullable [] cached(CacheKey key, int needed) {
    Optional<float[]> cached = cache.get(key);
    if (cached.isPresent() && cached.get().length >= needed) {
      hits++;
      return cached.get();
    }
    return null;
  }

  private void fillMisses(PreferenceBatch batch, List<float[]> chosen, List<float[]> rejected) {
    List<TokenSequence> rows = new ArrayList<>();
    List<CacheKey> keys = new ArrayList<>();
    List<float[]> targets = new ArrayList<>();
    List<Integer> indices = new ArrayList<>();
    for (Side side : Side.values()) {
      List<float[]> values = side == Side.CHOSEN ? chosen : rejected;
      for (int i = 0; i < batch.size(); i++) {
        if (values.get(i) == null) {
          CollatedPair pair = batch.pairs().get(i);
          rows.add(pair.row(side));
          keys.add(key(pair, side));
          targets.add(null);
          indices.add(side == Side.CHOSEN ? i : batch.size() + i);
        }
      }
    }
    compute(rows, keys, targets);
    for (int r = 0; r < rows.size(); r++) {
      int index = indices.get(r);
      if (index < batch.size()) {
        chosen.set(index, targets.get(r));
      } else {
        rejected.set(index - batch.size(), targets.get(r));
      }
    }
  }

  /** Scores the rows whose value is null, stores them under their keys and fills them in. */
  private void compute(List<TokenSequence> all, List<CacheKey> allKeys, List<float[]> values) {
    List<TokenSequence> rows = new ArrayList<>();
    List<CacheKey> keys = new ArrayList<>();
    List<Integer> at = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      if (values.get(i) == null) {
        rows.add(all.get(i));
        keys.add(allKeys.get(i));
        at.add(i);
      }
    }
    if (rows.isEmpty()) {
      return;
    }
    if (!model.id().equals(modelId)) {
      throw new IllegalStateException(
          "the reference model's weights changed since this ReferenceLogProbs was built (id was "
              + modelId
              + ", is "
              + model.id()
              + "): "
              + rows.size()
              + " missing rows cannot be computed; precompute them before training");
    }
    try (NDManager manager = NDManager.newBaseManager()) {
      for (int from = 0; from < rows.size(); from += batchSize) {
        int to = Math.min(rows.size(), from + batchSize);
        try (NDManager sub = manager.newSubManager()) {
          TokenScores scores =
              model.scoreTokens(sub, rows.subList(from, to), TrainingOutput.LOG_PROBS);
          NDArray logProbs = scores.optionalLogProbs().orElseThrow();
          long width = logProbs.getShape().get(1);
          float[] flat = logProbs.toFloatArray();
          for (int r = from; r < to; r++) {
            int length = rows.get(r).answerLength();
            float[] row = new float[length];
            System.arraycopy(flat, Math.toIntExact((r - from) * width), row, 0, length);
            cache.put(keys.get(r), row);
            values.set(at.get(r), row);
            misses++;
          }
        }
      }
    }
  }

  private static PerTokenLogProbs matrix(
      NDManager manager, List<float[]> values, List<TokenSequence> rows) {
    int width = 0;
    for (TokenSequence row : rows) {
      width = Math.max(width, row.answerLength());
    }
    float[] flat = new float[rows.size() * width];
    float[] mask = new float[rows.size() * width];
    for (int r = 0; r < rows.size(); r++) {
      int length = rows.get(r).answerLength();
      System.arraycopy(values.get(r), 0, flat, r * width, length);
      for (int t = 0; t < length; t++) {
        mask[r * width + t] = 1f;
      }
    }
    Shape shape = new Shape(rows.size(), width);
    return new PerTokenLogProbs(manager.create(flat, shape), manager.create(mask, shape));
  }

  @Override
  public String toString() {
    return "ReferenceLogProbs[model=" + modelId + ", batchSize=" + batchSize + "]";
  }

  /** Builds {@link ReferenceLogProbs}. */
  public static final class Builder {
    private final ReferenceLogProbCache cache;
    private final TrainableVisionLanguageModel model;
    private int batchSize = 16;

    private Builder(ReferenceLogProbCache cache, TrainableVisionLanguageModel model) {
      this.cache = cache;
      this.model = model;
    }

    /**
     * Sets how many missing rows the reference model scores at once. Default: 16.
     *
     * @param batchSize the rows per forward pass, at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code batchSize < 1}
     */
    @CanIgnoreReturnValue
    public Builder batchSize(int batchSize) {
      if (batchSize < 1) {
        throw new IllegalArgumentException("batchSize must be >= 1, but is: " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /**
     * Builds the lookup, reading the reference model's id now.
     *
     * @return the lookup
     */
    public ReferenceLogProbs build() {
      return new ReferenceLogProbs(this);
    }
  }
}
