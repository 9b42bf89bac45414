package dev.mia.examples.tiny;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.mia.core.tensor.PerTokenLogProbs;
import java.util.List;

/**
 * What the two training loops ({@link TinyLvlmTrainer}, {@link TinyLvlmTuner}) share: where each
 * row's answer tokens (the tokens after the prompt, end token included) sit, the log-probabilities
 * of those tokens read from the logits, and the DJL trainer with Adam they train through.
 *
 * @param positions for each row and answer token, the position whose logits predict it {@code [B,
 *     T]}
 * @param targets the answer token ids {@code [B, T]}
 * @param mask 1 for an answer token, 0 for padding {@code [B, T]}
 */
record AnswerTokens(NDArray positions, NDArray targets, NDArray mask) {

  /**
   * Locates the answer tokens of a batch, right-padded to the longest answer.
   *
   * @param manager where the index arrays are created
   * @param prompts each row's prompt; its answer starts after {@code length()} tokens
   * @param sequences each row's prompt and answer ids
   * @return positions, targets and mask {@code [B, T]}, T the longest answer
   */
  static AnswerTokens of(
      NDManager manager, List<ImagePrompt> prompts, List<List<Integer>> sequences) {
    int b = sequences.size();
    int answerLength = 0;
    for (int row = 0; row < b; row++) {
      answerLength = Math.max(answerLength, sequences.get(row).size() - prompts.get(row).length());
    }
    long[] positions = new long[b * answerLength];
    long[] targets = new long[b * answerLength];
    float[] mask = new float[b * answerLength];
    for (int row = 0; row < b; row++) {
      int promptLength = prompts.get(row).length();
      List<Integer> full = sequences.get(row);
      for (int t = 0; t < full.size() - promptLength; t++) {
        positions[row * answerLength + t] = promptLength - 1L + t;
        targets[row * answerLength + t] = full.get(promptLength + t);
        mask[row * answerLength + t] = 1f;
      }
    }
    Shape bt = new Shape(b, answerLength);
    return new AnswerTokens(
        manager.create(positions, bt), manager.create(targets, bt), manager.create(mask, bt));
  }

  /**
   * Returns the rows of a per-position array at the positions that predict the answer tokens.
   *
   * @param perPosition an array {@code [B, S, H]}
   * @return {@code [B, T, H]}
   */
  NDArray select(NDArray perPosition) {
    Shape bt = mask.getShape();
    long b = bt.get(0);
    long t = bt.get(1);
    return perPosition.gather(
        positions.reshape(b, t, 1).broadcast(b, t, perPosition.getShape().get(2)), 1);
  }

  /**
   * Returns {@code log p(token_t | tokens_<t)} of every answer token, 0 where padded.
   *
   * @param logits the model's logits {@code [B, S, V]}
   * @return values and mask {@code [B, T]}
   */
  PerTokenLogProbs logProbs(NDArray logits) {
    Shape bt = mask.getShape();
    long b = bt.get(0);
    long t = bt.get(1);
    NDArray selected =
        logits.gather(positions.reshape(b, t, 1).broadcast(b, t, logits.getShape().get(2)), 1);
    NDArray values =
        selected.logSoftmax(2).gather(targets.reshape(b, t, 1), 2).reshape(bt).mul(mask);
    return new PerTokenLogProbs(values, mask);
  }

  /**
   * Returns a DJL trainer of the model with Adam, gradients clipped at {@code clipGradient}, and
   * the learning rate of {@code schedule} at update {@code n + offset} for DJL's 1-based update
   * {@code n}: a replacement optimiser continues the schedule where the old one stopped.
   */
  static Trainer adamTrainer(TinyLvlm lvlm, Tracker schedule, int offset, float clipGradient) {
    Tracker shifted = offset == 0 ? schedule : update -> schedule.getNewValue(update + offset);
    return lvlm.djlModel()
        .newTrainer(
            new DefaultTrainingConfig(Loss.l2Loss())
                .optOptimizer(
                    Optimizer.adam()
                        .optLearningRateTracker(shifted)
                        .optClipGrad(clipGradient)
                        .build()));
  }
}
