package dev.mia.selection.vig;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDManager;
import dev.mia.core.model.VisionLanguageModel;
import dev.mia.selection.image.ImageTransform;
import java.util.ArrayList;
import java.util.List;

/**
 * Token-level visual anchors of preference pairs for TPO (Gu et al., "Token Preference Optimization
 * with Self-Calibrated Visual-Anchored Rewards for Hallucination Mitigation", arXiv 2412.14487):
 * for every token of both responses, {@code s_t = log p(a_t | a_<t, x, m) - log p(a_t | a_<t, x,
 * m')} with {@code m'} a corrupted copy of the image. This is the {@link VigScorer}'s per-token
 * gain, run on the chosen and the rejected answer with the same corrupted image (both requests of a
 * pair carry the pair id, from which the transform's seed is derived), in one model call of {@code
 * 4B} rows. mia-loss's {@code dev.mia.loss.tpo.VisualAnchorWeights} turns the anchors into token
 * weights.
 *
 * <p>TPO corrupts the image with diffusion noise ({@link ImageTransform#diffusionNoise}); any
 * {@link ImageTransform} works. Immutable and thread-safe.
 */
public final class VisualAnchors {
  private final VigScorer scorer;

  private VisualAnchors(VigScorer scorer) {
    this.scorer = scorer;
  }

  /**
   * Creates an anchor scorer.
   *
   * @param corrupt the transform that makes the corrupted image
   * @param seed the seed of the transform's randomness, combined with each pair id
   * @return the scorer
   */
  public static VisualAnchors of(ImageTransform corrupt, long seed) {
    return new VisualAnchors(VigScorer.of(requireNonNull(corrupt, "corrupt"), seed));
  }

  /**
   * Scores a batch of pairs.
   *
   * @param manager the manager under which the model's arrays are created and freed
   * @param model the model (usually the reference or SFT model, so the anchors stay fixed)
   * @param pairs the pairs, at least one
   * @return one result per pair, in order
   * @throws IllegalArgumentException if the batch is empty
   * @throws dev.mia.core.NonFiniteValueException if a log-prob is NaN or infinite (names the pair)
   * @throws dev.mia.core.ModelContractException if the model breaks the scoring contract
   */
  public List<PairAnchors> score(
      NDManager manager, VisionLanguageModel model, List<AnchorRequest> pairs) {
    requireNonNull(pairs, "pairs");
    if (pairs.isEmpty()) {
      throw new IllegalArgumentException("pairs must not be empty");
    }
    List<VigRequest> requests = new ArrayList<>();
    for (AnchorRequest pair : pairs) {
      requests.add(new VigRequest(pair.pairId(), pair.prompt(), pair.chosen()));
      requests.add(new VigRequest(pair.pairId(), pair.prompt(), pair.rejected()));
    }
    List<VigScore> scores = scorer.score(manager, model, requests);
    List<PairAnchors> out = new ArrayList<>();
    for (int i = 0; i < pairs.size(); i++) {
      out.add(
          new PairAnchors(
              pairs.get(i).pairId(),
              scores.get(2 * i).tokenVig(),
              scores.get(2 * i + 1).tokenVig()));
    }
    return List.copyOf(out);
  }

  @Override
  public String toString() {
    return "VisualAnchors(" + scorer + ")";
  }
}
