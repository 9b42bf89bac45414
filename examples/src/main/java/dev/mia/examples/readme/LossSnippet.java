package dev.mia.examples.readme;

// snippet:start loss
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.mia.loss.DpoLoss;
import dev.mia.loss.DpoOutput;
import dev.mia.loss.LossType;
import dev.mia.loss.PreferenceLogProbs;
import dev.mia.loss.TrlVersion;
import java.util.Map;

// snippet:end loss

/** The README's mia-loss block: a DPO loss over NDArrays, with its gradient. */
public final class LossSnippet {
  private LossSnippet() {}

  /**
   * Runs the block.
   *
   * @param args none
   */
  public static void main(String[] args) {
    // snippet:start loss
    DpoLoss loss =
        DpoLoss.builder(LossType.SIGMOID).trlDefaults(TrlVersion.CURRENT).beta(0.1).build();
    try (NDManager manager = NDManager.newBaseManager()) {
      // sequence log-probs [B] of 2 pairs; in training the policy's come from the model
      NDArray policyChosen = manager.create(new float[] {-12.5f, -20.0f});
      NDArray policyRejected = manager.create(new float[] {-14.0f, -19.0f});
      NDArray refChosen = manager.create(new float[] {-13.0f, -20.5f});
      NDArray refRejected = manager.create(new float[] {-13.5f, -19.5f});
      policyChosen.setRequiresGradient(true);
      policyRejected.setRequiresGradient(true);
      try (GradientCollector gradientCollector = Engine.getInstance().newGradientCollector()) {
        PreferenceLogProbs batch =
            PreferenceLogProbs.builder(policyChosen, policyRejected) // [B] each
                .reference(refChosen, refRejected)
                .build();
        try (DpoOutput out = loss.compute(batch)) {
          gradientCollector.backward(out.loss());
          Map<String, Double> metrics =
              out.metrics(); // loss, rewards/chosen, rewards/rejected, rewards/margins, ...
          double[] perPair = out.perPairLossValues(); // on the host, whatever the dtype
          System.out.println(metrics + " " + perPair.length);
        }
      }
      System.out.println(policyChosen.getGradient()); // d loss / d policy log-probs
    }
    // snippet:end loss
  }
}
