package dev.mia.selection.vig;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.google.common.hash.Hashing;
import dev.mia.core.ModelContractException;
import dev.mia.core.NonFiniteValueException;
import dev.mia.core.model.Prompt;
import dev.mia.core.model.ScoreOptions;
import dev.mia.core.model.ScoreRequest;
import dev.mia.core.model.Scored;
import dev.mia.core.model.VisionLanguageModel;
import dev.mia.selection.image.ImageTransform;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores the visual information gain of answers (Lee and Hwang, arXiv 2602.17186): {@code VIG_t =
 * -log q(a_t | a_<t, Q, weaken(I)) + log q(a_t | a_<t, Q, I)} per answer token and the mean over
 * tokens per sample. The "no image" condition is the weakened image (the paper blurs it with a
 * Gaussian whose sigma it does not publish), so the model's input pipeline stays the same.
 *
 * <h2>Batching</h2>
 *
 * <p>For a batch of {@code B} requests, one {@link VisionLanguageModel#score} call scores {@code
 * 2B} rows: rows {@code 0..B-1} with the images, rows {@code B..2B-1} with the weakened images.
 * Each sample's transform seed is derived from the scorer's seed and the sample id (murmur3-128 of
 * both), so results do not depend on how samples are batched.
 *
 * <h2>Bad model output</h2>
 *
 * <p>Errors name the sample: the two rows of a sample with different token counts ({@link
 * ModelContractException}), NaN or infinite log-probs ({@link NonFiniteValueException}).
 *
 * <p>Immutable and thread-safe; the model's arrays live in a sub-manager that is closed before
 * returning.
 */
public final class VigScorer {
  private final ImageTransform weaken;
  private final long seed;

  private VigScorer(ImageTransform weaken, long seed) {
    this.weaken = weaken;
    this.seed = seed;
  }

  /**
   * Creates a scorer.
   *
   * @param weaken the transform that makes the "no image" copy (VIG: a Gaussian blur)
   * @param seed the seed of the transform's randomness, if any
   * @return the scorer
   */
  public static VigScorer of(ImageTransform weaken, long seed) {
    return new VigScorer(requireNonNull(weaken, "weaken"), seed);
  }

  /**
   * Scores a batch.
   *
   * @param manager the manager under which the model's arrays are created and freed
   * @param model the model
   * @param batch the samples, at least one
   * @return one score per sample, in order
   */
  public List<VigScore> score(
      NDManager manager, VisionLanguageModel model, List<VigRequest> batch) {
    requireNonNull(manager, "manager");
    requireNonNull(model, "model");
    if (batch.isEmpty()) {
      throw new IllegalArgumentException("batch must not be empty");
    }
    List<ScoreRequest> requests = new ArrayList<>();
    for (VigRequest request : batch) {
      requests.add(new ScoreRequest(request.prompt(), request.answer()));
    }
    for (VigRequest request : batch) {
      requests.add(new ScoreRequest(weakened(request), request.answer()));
    }
    int size = batch.size();
    float[] logProbs;
    float[] mask;
    int width;
    try (NDManager sub = manager.newSubManager()) {
      Scored scored = model.score(sub, requests, ScoreOptions.DEFAULT);
      if (scored.batchSize() != 2 * size) {
        throw new ModelContractException(
            "the model scored " + scored.batchSize() + " rows for " + 2 * size + " requests");
      }
      width = Math.toIntExact(scored.tokenLogProbs().getShape().get(1));
      logProbs = scored.tokenLogProbs().toType(DataType.FLOAT32, false).toFloatArray();
      mask = scored.answerMask().toType(DataType.FLOAT32, false).toFloatArray();
    }
    List<VigScore> out = new ArrayList<>();
    for (int b = 0; b < size; b++) {
      String id = batch.get(b).sampleId();
      int withImage = b * width;
      int without = (b + size) * width;
      List<Float> gains = new ArrayList<>();
      for (int t = 0; t < width; t++) {
        boolean real = mask[withImage + t] != 0;
        if (real != (mask[without + t] != 0)) {
          throw new ModelContractException(
              "sample '"
                  + id
                  + "': the answer mask differs between the pass with the image and the pass"
                  + " with the weakened image at token "
                  + t);
        }
        if (!real) {
          continue;
        }
        float with = logProbs[withImage + t];
        float blind = logProbs[without + t];
        if (!Float.isFinite(with) || !Float.isFinite(blind)) {
          throw new NonFiniteValueException(
              "sample '"
                  + id
                  + "': log-prob of token "
                  + t
                  + " is "
                  + (Float.isFinite(with) ? blind + " without" : with + " with")
                  + " the image");
        }
        gains.add(with - blind);
      }
      if (gains.isEmpty()) {
        throw new ModelContractException("sample '" + id + "': the model scored no answer token");
      }
      float[] tokenVig = new float[gains.size()];
      for (int t = 0; t < tokenVig.length; t++) {
        tokenVig[t] = gains.get(t);
      }
      out.add(VigScore.of(id, tokenVig));
    }
    return List.copyOf(out);
  }

  private Prompt weakened(VigRequest request) {
    long sampleSeed =
        Hashing.murmur3_128()
            .newHasher()
            .putLong(seed)
            .putString(request.sampleId(), StandardCharsets.UTF_8)
            .hash()
            .asLong();
    List<BufferedImage> images = new ArrayList<>();
    for (BufferedImage image : request.prompt().images()) {
      images.add(weaken.apply(image, sampleSeed));
    }
    return new Prompt(images, request.prompt().conversation());
  }

  @Override
  public String toString() {
    return "VigScorer(weaken=" + weaken.name() + ", seed=" + seed + ")";
  }
}
