package dev.mia.examples.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.mia.core.model.ScoreRequest;
import dev.mia.core.tensor.PerTokenLogProbs;
import dev.mia.examples.tiny.TinyLvlm;
import dev.mia.examples.tiny.TinyLvlmTuner;
import dev.mia.loss.DpoLoss;
import dev.mia.loss.DpoOutput;
import dev.mia.loss.LossTerm;
import dev.mia.loss.LossType;
import dev.mia.loss.PreferenceLogProbs;
import dev.mia.loss.VigMaskedSftLoss;
import dev.mia.loss.cache.CacheKey;
import dev.mia.loss.cache.ReferenceLogProbCache;
import dev.mia.loss.ddpo.Ddpo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

  /** The tokenizer and template settings in the cache keys. */
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

  private static final String PROCESSOR = "tiny-lvlm/word-tokenizer/answer+eos/v1";

  private final PipelineConfig config;
  private final long seed;
  private final Progress progress;

  Alignment(PipelineConfig config, long seed, Progress progress) {
    this.config = config;
    this.seed = seed;
    this.progress = progress;
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
      List<TrainPair> pairs,
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
    try (TinyLvlmTuner tuner =
        TinyLvlmTuner.builder(policy)
            .learningRate(config.alignLearningRate())
            .linearSchedule(steps, WARMUP_SHARE)
            .build()) {
      String modelId = policy.id();
      List<float[]> refChosen = new ArrayList<>();
      List<float[]> refRejected = new ArrayList<>();
      Progress.Bar refBar = progress.bar(label + " reference", pairs.size());
      try (NDManager manager = NDManager.newBaseManager()) {
        for (TrainPair p : pairs) {
          refChosen.add(reference(cache, tuner, manager, modelId, p, p.chosen()));
          refRejected.add(reference(cache, tuner, manager, modelId, p, p.rejected()));
          refBar.step();
        }
      }
      refBar.done();
      SplittableRandom random = new SplittableRandom(seed);
      Progress.Bar bar = progress.bar(label + " training", steps);
      for (int step = 0; step < steps; step++) {
        List<Integer> batch = new ArrayList<>();
        for (int i = 0; i < config.alignBatch(); i++) {
          batch.add(random.nextInt(pairs.size()));
        }
        List<ScoreRequest> replayBatch = replayBatch(replay, random);
        double[] metrics = new double[4];
        double value =
            tuner.step(
                m -> {
                  List<ScoreRequest> chosen = new ArrayList<>();
                  List<ScoreRequest> rejected = new ArrayList<>();
                  List<float[]> rc = new ArrayList<>();
                  List<float[]> rr = new ArrayList<>();
                  List<float[]> wc = new ArrayList<>();
                  List<float[]> wr = new ArrayList<>();
                  for (int i : batch) {
                    TrainPair p = pairs.get(i);
                    chosen.add(new ScoreRequest(p.prompt(), p.chosen()));
                    rejected.add(new ScoreRequest(p.prompt(), p.rejected()));
                    rc.add(refChosen.get(i));
                    rr.add(refRejected.get(i));
                    if (p.weights() != null) {
                      wc.add(p.weights().chosen());
                      wr.add(p.weights().rejected());
                    }
                  }
                  PerTokenLogProbs pc = tuner.answerLogProbs(m, chosen);
                  PerTokenLogProbs pr = tuner.answerLogProbs(m, rejected);
                  PerTokenLogProbs refC = tokens(m, rc, pc);
                  PerTokenLogProbs refR = tokens(m, rr, pr);
                  NDArray policyChosen;
                  NDArray policyRejected;
                  NDArray referenceChosen;
                  NDArray referenceRejected;
                  if (ddpo != null && wc.size() == batch.size()) {
                    NDArray weightsC = Ddpo.weightMatrix(m, wc, width(pc));
                    NDArray weightsR = Ddpo.weightMatrix(m, wr, width(pr));
                    policyChosen = ddpo.sequenceLogProbs(pc, weightsC);
                    policyRejected = ddpo.sequenceLogProbs(pr, weightsR);
                    referenceChosen = ddpo.sequenceLogProbs(refC, weightsC);
                    referenceRejected = ddpo.sequenceLogProbs(refR, weightsR);
                  } else {
                    policyChosen = pc.sum();
                    policyRejected = pr.sum();
                    referenceChosen = refC.sum();
                    referenceRejected = refR.sum();
                  }
                  DpoOutput out =
                      loss.compute(
                          PreferenceLogProbs.builder(policyChosen, policyRejected)
                              .reference(referenceChosen, referenceRejected)
                              .chosenTokens(pc)
                              .build());
                  Map<String, Double> host = out.metrics();
                  metrics[0] = host.get("rewards/margins");
                  metrics[1] = host.get("rewards/accuracies");
                  metrics[2] = host.get("logps/chosen");
                  metrics[3] = host.get("logps/rejected");
                  return withReplay(tuner, m, out.loss(), replayBatch);
                });
        losses.add(value);
        margins.add(metrics[0]);
        accuracies.add(metrics[1]);
        chosenLogProbs.add(metrics[2]);
        rejectedLogProbs.add(metrics[3]);
        bar.step();
      }
      bar.done();
    }
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
                      tuner, m, VigMaskedSftLoss.compute(tokens, selected), replayBatch);
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
  private NDArray withReplay(
      TinyLvlmTuner tuner, NDManager m, NDArray loss, List<ScoreRequest> batch) {
    if (batch.isEmpty()) {
      return loss;
    }
    PerTokenLogProbs tokens = tuner.answerLogProbs(m, batch);
    NDArray nll = tokens.sum().sum().div(tokens.tokenCounts().sum()).neg();
    return loss.add(nll.mul(config.alignReplayWeight()));
  }

  private static float[] reference(
      ReferenceLogProbCache cache,
      TinyLvlmTuner tuner,
      NDManager manager,
      String modelId,
      TrainPair pair,
      String answer) {
    CacheKey key =
        CacheKey.builder(modelId, PROCESSOR)
            .prompt(pair.prompt().conversation().toString())
            .answer(answer)
            .images(pair.images())
            .build();
    return cache.computeIfAbsent(
        key,
        () -> {
          try (NDManager sub = manager.newSubManager()) {
            PerTokenLogProbs t =
                tuner.answerLogProbs(sub, List.of(new ScoreRequest(pair.prompt(), answer)));
            return t.values().toFloatArray();
          }
        });
  }

  private static int width(PerTokenLogProbs tokens) {
    return Math.toIntExact(tokens.values().getShape().get(1));
  }

  /** Stacks reference rows into the shape and mask of the policy's tokens. */
  private static PerTokenLogProbs tokens(NDManager m, List<float[]> rows, PerTokenLogProbs like) {
    return new PerTokenLogProbs(padZero(m, rows, width(like)), like.mask());
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
