package dev.mia.core.model;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import java.util.List;

/**
 * A {@link VisionLanguageModel} that can be trained: differentiable scoring of tokenised rows and
 * access to the parameters an optimiser updates. The training path of mia-loss ({@code
 * dev.mia.loss.train}) collates preference pairs with {@link #tokenizer()}, scores them with {@link
 * #scoreTokens} under a gradient collector and updates {@link #trainableParameters()}.
 *
 * <h2>Contract</h2>
 *
 * <ul>
 *   <li>{@link #scoreTokens} computes with the autograd graph recorded when a DJL gradient
 *       collector is open, and as a plain forward pass otherwise (reference log-probs). The network
 *       runs as in training both ways; a model with dropout says in its javadoc how it keeps
 *       reference passes deterministic.
 *   <li>Rows are independent: a row's values do not depend on the other rows of its batch.
 *   <li>Ownership and device as {@link VisionLanguageModel}: results are attached to the caller's
 *       manager, on its device.
 *   <li>After an optimiser changes the parameters, the trainer calls {@link #weightsChanged()} so
 *       that {@link #id()} (part of every cache key) describes the new weights.
 * </ul>
 */
public interface TrainableVisionLanguageModel extends VisionLanguageModel {

  /**
   * Returns how this model tokenises prompts and answers for training.
   *
   * @return the tokenizer
   */
  ModelTokenizer tokenizer();

  /**
   * Returns the longest token sequence (prompt, answer and suffix) the model accepts.
   *
   * @return the maximum length, at least 2
   */
  int maxSequenceLength();

  /**
   * Scores the answer tokens of each row teacher-forced; see {@link TokenScores} for shapes.
   *
   * @param manager the manager that will own the returned arrays
   * @param batch the rows, at least one
   * @param output log-probs, or hidden states and the output projection for a fused kernel
   * @return the scores
   * @throws IllegalArgumentException if the batch is empty or a row is longer than {@link
   *     #maxSequenceLength()}
   * @throws UnsupportedOperationException if the model cannot return {@code output}
   */
  TokenScores scoreTokens(NDManager manager, List<TokenSequence> batch, TrainingOutput output);

  /**
   * Returns the parameters an optimiser updates, by a name that is stable for the model's life.
   * Each parameter's array has its gradient attached.
   *
   * @return the trainable parameters, in a fixed order
   */
  PairList<String, Parameter> trainableParameters();

  /** Tells the model that its parameters were changed in place, so that {@link #id()} changes. */
  void weightsChanged();
}
