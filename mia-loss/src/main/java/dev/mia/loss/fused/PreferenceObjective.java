package dev.mia.loss.fused;

import dev.mia.loss.DpoOutput;
import dev.mia.loss.PreferenceLogProbs;

/**
 * A preference loss over sequence log-probabilities, the small function the fused kernel
 * differentiates: {@code DpoLoss::compute}, or a lambda that adds per-pair extras before calling a
 * loss, for example {@code p -> loss.compute(p.toBuilder().pairWeights(w).build())}.
 *
 * <p>The kernel calls it once per {@link FusedPreferenceKernel#compute} with inputs whose policy
 * log-probabilities are fresh arrays that require a gradient; the objective must build its loss
 * from them with DJL operations (no host round trip of the policy values), so that autograd can
 * give {@code dL/d(token log-prob)}.
 */
@FunctionalInterface
public interface PreferenceObjective {
  /**
   * Computes the loss and metrics.
   *
   * @param inputs the batch's sequence log-probabilities as the kernel prepared them
   * @return the loss and metrics; the kernel takes ownership of the arrays
   */
  DpoOutput compute(PreferenceLogProbs inputs);
}
