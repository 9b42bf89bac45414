package dev.mia.selection.vig;

import static java.util.Objects.requireNonNull;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * VIG's top-p% selection (Lee and Hwang, arXiv 2602.17186, section 3.3): the threshold {@code
 * tau_p} is the {@code (100 - p)}-th {@link Percentile} of the sample VIGs over the scored set; the
 * selected samples are {@code S_p = {i : VIG_i >= tau_p}}, and within them the selected tokens are
 * those with {@code VIG_{i,t} >= tau_p} (the same threshold). Training then computes its loss only
 * on selected tokens (a 1/0 mask), while every token stays in the forward pass.
 *
 * <p>The paper's default is {@code p = 70}. Text-only samples are not scored and stay unchanged in
 * training; they are not part of this selection. Immutable.
 */
public final class VigSelection {
  /** The paper's default percentage of samples kept. */
  public static final double DEFAULT_PERCENT = 70;

  private final double percent;
  private final double tau;
  private final Map<String, float[]> masks;
  private final int scoredCount;

  private VigSelection(double percent, double tau, Map<String, float[]> masks, int scoredCount) {
    this.percent = percent;
    this.tau = tau;
    this.masks = masks;
    this.scoredCount = scoredCount;
  }

  /**
   * Selects samples and tokens.
   *
   * @param scores the scored set, at least one sample, ids distinct
   * @param percent {@code p}, the percentage of samples to keep, in (0, 100]
   * @return the selection
   * @throws IllegalArgumentException if the set is empty, ids repeat, or {@code p} is out of range
   */
  public static VigSelection select(List<VigScore> scores, double percent) {
    requireNonNull(scores, "scores");
    if (!(percent > 0 && percent <= 100)) {
      throw new IllegalArgumentException("percent must be in (0, 100], but is: " + percent);
    }
    if (scores.isEmpty()) {
      throw new IllegalArgumentException("scores must not be empty");
    }
    double[] sampleVig = new double[scores.size()];
    for (int i = 0; i < sampleVig.length; i++) {
      sampleVig[i] = scores.get(i).sampleVig();
    }
    double tau = Percentile.of(sampleVig, 100 - percent);
    Map<String, float[]> masks = new LinkedHashMap<>();
    Set<String> seen = new HashSet<>();
    for (VigScore score : scores) {
      if (!seen.add(score.sampleId())) {
        throw new IllegalArgumentException(
            "sample ids must be distinct, but repeat: " + score.sampleId());
      }
      if (score.sampleVig() >= tau) {
        float[] tokens = score.tokenVig();
        float[] mask = new float[tokens.length];
        for (int t = 0; t < tokens.length; t++) {
          mask[t] = tokens[t] >= tau ? 1f : 0f;
        }
        masks.put(score.sampleId(), mask);
      }
    }
    return new VigSelection(percent, tau, masks, scores.size());
  }

  /**
   * Returns {@code p}.
   *
   * @return the percentage of samples the selection aims to keep
   */
  public double percent() {
    return percent;
  }

  /**
   * Returns the threshold {@code tau_p}.
   *
   * @return the {@code (100 - p)}-th percentile of the sample VIGs
   */
  public double tau() {
    return tau;
  }

  /**
   * Returns the ids of the selected samples, in scoring order.
   *
   * @return the ids of {@code S_p}
   */
  public List<String> selectedIds() {
    return List.copyOf(masks.keySet());
  }

  /**
   * Returns the token mask of a sample: 1 where {@code VIG_t >= tau_p}, 0 elsewhere.
   *
   * @param sampleId the sample's id
   * @return a copy of the mask, or empty if the sample was not selected
   */
  public Optional<float[]> tokenMask(String sampleId) {
    float[] mask = masks.get(sampleId);
    return mask == null ? Optional.empty() : Optional.of(mask.clone());
  }

  /**
   * Returns how many samples were scored.
   *
   * @return the size of the scored set
   */
  public int scoredCount() {
    return scoredCount;
  }

  @Override
  public String toString() {
    return "VigSelection(p="
        + percent
        + ", tau="
        + tau
        + ", selected="
        + masks.size()
        + "/"
        + scoredCount
        + ")";
  }
}
