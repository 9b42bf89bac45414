package dev.mia.examples.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.mia.core.data.PreferencePair;
import dev.mia.core.model.ScoreRequest;
import dev.mia.core.tensor.OwnedScalar;
import dev.mia.core.tensor.PerTokenLogProbs;
import dev.mia.examples.tiny.ThreadGradientCollector;
import dev.mia.examples.tiny.TinyLvlm;
import dev.mia.examples.tiny.TinyLvlmTuner;
import dev.mia.loss.DpoLoss;
import dev.mia.loss.LossTerm;
import dev.mia.loss.LossType;
import dev.mia.loss.VigMaskedSftLoss;
import dev.mia.loss.cache.ReferenceLogProbCache;
import dev.mia.loss.ddpo.Ddpo;
import dev.mia.loss.fused.FusedPreferenceKernel;
import dev.mia.loss.train.CollatedPair;
import dev.mia.loss.train.LearningRateSchedule;
import dev.mia.loss.train.PreferenceBatch;
import dev.mia.loss.train.PreferenceTrainer;
import dev.mia.loss.train.ReferenceLogProbs;
import dev.mia.loss.train.StepMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains a copy of the SFT model with one method's data: DPO-family losses from mia-loss with the
 * reference log-probs from a {@link ReferenceLogProbCache}, or VIG-masked SFT.
 *
 * <p>Reference: the policy starts as the SFT model, so its per-token log-probs of every pair's
 * answers, computed before the first step, are the frozen reference's; they are stored in the cache
 * under the SFT model's id and read back at each step (a second run with the same pairs computes
 * none).
 */
final class Alignment {
  /** MIA-DPO's loss: sigmoid DPO, beta 0.1. */
  static final DpoLoss MIA_DPO_LOSS = DpoLoss.builder(LossType.SIGMOID).beta(0.1).build();

  /**
   * Returns {@code loss} plus {@code weight} times the SFT term (TRL's {@code rpo_alpha}), or
   * {@code loss} itself when the weight is 0.
   */
  static DpoLoss withSft(DpoLoss loss, double weight) {
    if (weight == 0) {
      return loss;
    }
    List<LossTerm> terms = new ArrayList<>(loss.terms());
    terms.add(LossTerm.of(LossType.SFT, weight));
    return loss.toBuilder(terms).build();
  }

  /** MIA-DPO's warm-up share of its linear learning-rate schedule. */
  static final double WARMUP_SHARE = 0.1;

  /** The pairs whose reference log-probs are scored in one batch before training. */
  static final int REFERENCE_BATCH = 16;

  private final PipelineConfig config;
  private final long seed;
  private final Progress progress;
  private final boolean fused;

  Alignment(PipelineConfig config, long seed, Progress progress) {
    this(config, seed, progress, true);
  }

  /**
   * With {@code fused}, DPO steps score the policy through the fused output-projection kernel (the
   * tiny model returns its hidden states and head), which gives the model's log-probs' loss and
   * gradients to float rounding without the {@code [2B, T, V]} logits; mDPO's corrupted images are
   * not scored by it, so such a loss always takes the model's log-probs.
   */
  Alignment(PipelineConfig config, long seed, Progress progress, boolean fused) {
    this.config = config;
    this.seed = seed;
    this.progress = progress;
    this.fused = fused;
  }

  /**
   * Per-step curves: loss, reward margin, reward accuracy and the policy's mean sequence log-probs
   * of the chosen and rejected answers (NaN for SFT, except chosen: the SFT answers' log-prob).
   */
  record Curve(
      List<Double> loss,
      List<Double> margin,
      List<Double> accuracy,
      List<Double> chosenLogProb,
      List<Double> rejectedLogProb) {}

  Curve dpo(
      TinyLvlm policy,
      List<PreferencePair> pairs,
      DpoLoss loss,
      @org.jspecify.annotations.Nullable Ddpo ddpo,
      ReferenceLogProbCache cache,
      List<ScoreRequest> replay,
      String label) {
    List<Double> losses = new ArrayList<>();
    List<Double> margins = new ArrayList<>();
    List<Double> accuracies = new ArrayList<>();
    List<Double> chosenLogProbs = new ArrayList<>();
    List<Double> rejectedLogProbs = new ArrayList<>();
    if (pairs.isEmpty()) {
      return new Curve(losses, margins, accuracies, chosenLogProbs, rejectedLogProbs);
    }
    int steps = steps(pairs.size());
    SplittableRandom random = new SplittableRandom(seed);
    List<List<ScoreRequest>> replayBatches = new ArrayList<>();
    // the reference is the SFT model the policy starts from: its log-probs are cached, in batches
    // of REFERENCE_BATCH pairs, before the first step changes the policy
    PreferenceTrainer.Builder builder =
        PreferenceTrainer.builder(policy, loss)
            .reference(
                ReferenceLogProbs.builder(cache, policy).batchSize(2 * REFERENCE_BATCH).build())
            .schedule(LearningRateSchedule.linear(config.alignLearningRate(), steps, WARMUP_SHARE))
            .collectors(ThreadGradientCollector.FACTORY);
    if (ddpo != null) {
      builder.ddpo(ddpo);
    }
    if (fused && loss.imageConditionalWeight() == 0) {
      builder.fused(FusedPreferenceKernel.DEFAULT);
    }
    if (config.alignReplayWeight() != 0 && !replay.isEmpty()) {
      builder.extraLoss(
          (step, m) -> {
            return replayLoss(policy, m, replayBatches.get(step));
          });
    }
    PreferenceTrainer trainer = builder.build();
    List<CollatedPair> collated = new ArrayList<>();
    Progress.Bar refBar = progress.bar(label + " reference", pairs.size());
    for (PreferencePair p : pairs) {
      collated.add(trainer.collator().collate(p));
    }
    for (int i = 0; i < collated.size(); i += REFERENCE_BATCH) {
      List<CollatedPair> chunk =
          collated.subList(i, Math.min(collated.size(), i + REFERENCE_BATCH));
      trainer.reference().precompute(List.of(new PreferenceBatch(chunk)));
      for (int j = 0; j < chunk.size(); j++) {
        refBar.step();
      }
    }
    refBar.done();
    Progress.Bar bar = progress.bar(label + " training", steps);
    for (int step = 0; step < steps; step++) {
      List<CollatedPair> batch = new ArrayList<>();
      for (int i = 0; i < config.alignBatch(); i++) {
        batch.add(collated.get(random.nextInt(collated.size())));
      }
      replayBatches.add(replayBatch(replay, random));
      StepMetrics m = trainer.step(new PreferenceBatch(batch), 1);
      losses.add(m.loss());
      margins.add(m.rewardMargin());
      accuracies.add(m.rewardAccuracy());
      chosenLogProbs.add(m.chosenLogProb());
      rejectedLogProbs.add(m.rejectedLogProb());
      bar.step();
    }
    bar.done();
    return new Curve(losses, margins, accuracies, chosenLogProbs, rejectedLogProbs);
  }

  Curve vigSft(
      TinyLvlm policy,
      List<ScoreRequest> examples,
      List<float[]> masks,
      List<ScoreRequest> replay,
      String label) {
    List<Double> losses = new ArrayList<>();
    List<Double> nan = new ArrayList<>();
    if (examples.isEmpty()) {
      return new Curve(losses, nan, nan, nan, nan);
    }
    SplittableRandom random = new SplittableRandom(seed);
    int steps = steps(examples.size());
    try (TinyLvlmTuner tuner =
        TinyLvlmTuner.builder(policy)
            .learningRate(config.alignLearningRate())
            .linearSchedule(steps, WARMUP_SHARE)
            .build()) {
      Progress.Bar bar = progress.bar(label + " training", steps);
      for (int step = 0; step < steps; step++) {
        List<ScoreRequest> batch = new ArrayList<>();
        List<float[]> rows = new ArrayList<>();
        for (int i = 0; i < config.alignBatch(); i++) {
          int pick = random.nextInt(examples.size());
          batch.add(examples.get(pick));
          // the VIG mask covers the answer's tokens; the <eos> after it is always trained
          float[] mask = masks.get(pick);
          float[] withEos = java.util.Arrays.copyOf(mask, mask.length + 1);
          withEos[mask.length] = 1f;
          rows.add(withEos);
        }
        List<ScoreRequest> replayBatch = replayBatch(replay, random);
        double value =
            tuner.step(
                m -> {
                  PerTokenLogProbs tokens = tuner.answerLogProbs(m, batch);
                  NDArray selected = padZero(m, rows, width(tokens));
                  return withReplay(
                      policy, m, VigMaskedSftLoss.compute(tokens, selected), replayBatch);
                });
        losses.add(value);
        nan.add(Double.NaN);
        bar.step();
      }
      bar.done();
    }
    return new Curve(losses, nan, nan, nan, nan);
  }

  /**
   * The steps of a run over {@code n} training items: {@code alignEpochs} passes of {@code
   * alignBatch} ({@code ceil(epochs * n / batch)}, at least 1), at most {@code alignSteps}.
   */
  int steps(int n) {
    long epochSteps = (long) Math.ceil(config.alignEpochs() * n / config.alignBatch());
    return (int) Math.max(1, Math.min(config.alignSteps(), epochSteps));
  }

  /**
   * Draws the SFT examples replayed in one step: {@code alignBatch} of them when the replay weight
   * is above 0, else none (and no random draw, so runs without replay are unchanged).
   */
  private List<ScoreRequest> replayBatch(List<ScoreRequest> replay, SplittableRandom random) {
    if (config.alignReplayWeight() == 0 || replay.isEmpty()) {
      return List.of();
    }
    List<ScoreRequest> batch = new ArrayList<>();
    for (int i = 0; i < config.alignBatch(); i++) {
      batch.add(replay.get(random.nextInt(replay.size())));
    }
    return batch;
  }

  /** Adds {@code alignReplayWeight} times the replayed examples' mean token NLL to a loss. */
  private NDArray withReplay(TinyLvlm policy, NDManager m, NDArray loss, List<ScoreRequest> batch) {
    return batch.isEmpty() ? loss : loss.add(replayLoss(policy, m, batch));
  }

  /** {@code alignReplayWeight} times the replayed examples' mean token NLL. */
  private NDArray replayLoss(TinyLvlm policy, NDManager m, List<ScoreRequest> batch) {
    PerTokenLogProbs tokens = TinyLvlmTuner.answerLogProbs(policy, m, batch);
    NDArray nll = tokens.sum().sum().div(tokens.tokenCounts().sum()).neg();
    return nll.mul(OwnedScalar.of(nll, config.alignReplayWeight()));
  }

  private static int width(PerTokenLogProbs tokens) {
    return Math.toIntExact(tokens.values().getShape().get(1));
  }

  private static NDArray padZero(NDManager m, List<float[]> rows, int width) {
    float[] flat = new float[rows.size() * width];
    for (int r = 0; r < rows.size(); r++) {
      float[] row = rows.get(r);
      System.arraycopy(row, 0, flat, r * width, Math.min(width, row.length));
    }
    return m.create(flat, new ai.djl.ndarray.types.Shape(rows.size(), width));
  }
}
