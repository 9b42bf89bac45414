package dev.mia.loss.ddpo;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.training.loss.Loss;
import dev.mia.core.tensor.OwnedScalar;
import dev.mia.core.tensor.PerTokenLogProbs;
import dev.mia.loss.DpoLoss;
import dev.mia.loss.DpoOutput;
import dev.mia.loss.PreferenceLogProbs;

/**
 * DDPO (RLHF-V, arXiv 2312.00849) as a DJL {@link Loss}, so it plugs into a DJL {@code Trainer}
 * ({@code new DefaultTrainingConfig(new DdpoTrainingLoss(Ddpo.PAPER))}): the per-token
 * log-probabilities of both responses, under the policy and the reference, are reduced with the
 * DDPO token weights ({@link Ddpo#sequenceLogProbs}) and fed to {@link Ddpo#dpoLoss()}.
 *
 * <h2>NDList slots</h2>
 *
 * <ul>
 *   <li>predictions: {@code [0]} policy per-token log-probs of the chosen responses {@code [B,
 *       Tc]}, {@code [1]} policy per-token log-probs of the rejected responses {@code [B, Tr]}
 *       (from the model's logits, with gradient);
 *   <li>labels: {@code [0]} reference per-token log-probs of the chosen responses {@code [B, Tc]},
 *       {@code [1]} of the rejected responses {@code [B, Tr]} (precomputed, e.g. from the {@code
 *       ReferenceLogProbCache}, no gradient), {@code [2]} chosen token mask {@code [B, Tc]}, {@code
 *       [3]} rejected token mask {@code [B, Tr]}, {@code [4]} chosen token weights {@code [B, Tc]},
 *       {@code [5]} rejected token weights {@code [B, Tr]} (both from {@link Ddpo#weights} and
 *       {@link Ddpo#weightMatrix}), optional {@code [6]} per-pair weights {@code [B]}.
 * </ul>
 *
 * The masks apply to the policy and the reference alike (same tokens). {@link #evaluate} returns
 * the scalar loss; the metrics are dropped (compute them with {@link Ddpo#sequenceLogProbs} and
 * {@link DpoLoss#compute} to log them). Inputs are never closed; intermediates are closed before
 * {@code evaluate} returns. Immutable apart from the DJL accumulator inherited from {@link Loss},
 * which is DJL's own mutable state.
 */
public final class DdpoTrainingLoss extends Loss {
  private final Ddpo ddpo;
  private final DpoLoss dpo;

  /**
   * Wraps a DDPO setting under the name "DdpoLoss".
   *
   * @param ddpo the weighting, normalisation and beta
   */
  public DdpoTrainingLoss(Ddpo ddpo) {
    super("DdpoLoss");
    this.ddpo = requireNonNull(ddpo, "ddpo");
    this.dpo = ddpo.dpoLoss();
  }

  /**
   * Returns the DDPO setting.
   *
   * @return the setting
   */
  public Ddpo ddpo() {
    return ddpo;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if a slot is missing or a shape does not match
   */
  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    if (predictions.size() < 2 || labels.size() < 6) {
      throw new IllegalArgumentException(
          "predictions need [policyChosen, policyRejected] and labels [referenceChosen,"
              + " referenceRejected, chosenMask, rejectedMask, chosenWeights, rejectedWeights],"
              + " but have "
              + predictions.size()
              + " and "
              + labels.size()
              + " arrays");
    }
    NDArray chosenMask = labels.get(2);
    NDArray rejectedMask = labels.get(3);
    NDArray chosenWeights = labels.get(4);
    NDArray rejectedWeights = labels.get(5);
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      PreferenceLogProbs.Builder inputs =
          PreferenceLogProbs.builder(
                  weighted(predictions.get(0), chosenMask, chosenWeights),
                  weighted(predictions.get(1), rejectedMask, rejectedWeights))
              .reference(
                  weighted(labels.get(0), chosenMask, chosenWeights),
                  weighted(labels.get(1), rejectedMask, rejectedWeights));
      if (labels.size() > 6) {
        inputs.pairWeights(labels.get(6));
      }
      try (DpoOutput out = dpo.compute(inputs.build())) {
        NDArray loss = out.loss().mul(OwnedScalar.of(out.loss(), 1));
        NDScope.unregister(loss);
        return loss;
      }
    }
  }

  private NDArray weighted(NDArray values, NDArray mask, NDArray weights) {
    return ddpo.sequenceLogProbs(new PerTokenLogProbs(values, mask), weights);
  }

  @Override
  public String toString() {
    return "DdpoTrainingLoss(" + ddpo + ")";
  }
}
