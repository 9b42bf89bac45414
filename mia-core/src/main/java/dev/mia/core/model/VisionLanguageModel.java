package dev.mia.core.model;

import ai.djl.ndarray.NDManager;
import java.util.List;

/**
 * A vision-language model as mia uses it: teacher-forced scoring of answers and generation, with
 * the attention maps and image-token positions that MIA-DPO's attention-aware selection, VIG
 * scoring (arXiv 2602.17186) and BDHS's masked generation (arXiv 2407.02477) need.
 *
 * <h2>Contract</h2>
 *
 * <ul>
 *   <li>Batches: results come in request order; a batch of one is valid; an empty batch throws
 *       {@link IllegalArgumentException}.
 *   <li>Ownership: every returned array is attached to {@code manager}; the model closes its own
 *       temporaries and never closes what it did not create.
 *   <li>Device: arrays are created on {@code manager}'s device; a model never copies them to the
 *       host except to decode text.
 *   <li>Types: floating outputs are float32. A model whose network computes in bfloat16 converts to
 *       float32 before returning (DJL 0.34 can crash the JVM on bfloat16 ops).
 *   <li>Attention: only the layers asked for are returned; asking for a layer outside {@code [0,
 *       layerCount())} throws {@link IllegalArgumentException}.
 *   <li>Determinism: the same inputs and options, including seeds, give the same outputs.
 *   <li>Failures: outputs that break the shapes of {@link Scored} or {@link Generated} throw {@link
 *       dev.mia.core.ModelContractException}; NaN or infinite logits throw {@link
 *       dev.mia.core.NonFiniteValueException}.
 * </ul>
 *
 * <p>Implementations need not be thread-safe unless they say so; use one instance per thread.
 */
public interface VisionLanguageModel extends AutoCloseable {

  /**
   * Returns a stable id of the model and its weights, part of every cache key.
   *
   * @return the id, e.g. {@code llava-1.5-7b@sha256:...}
   */
  String id();

  /**
   * Returns the number of decoder layers whose attention can be asked for.
   *
   * @return the layer count
   */
  int layerCount();

  /**
   * Scores answers teacher-forced: the log-prob of each answer token given the prompt and the
   * answer tokens before it.
   *
   * @param manager the manager that will own the returned arrays
   * @param batch the prompts and answers
   * @param options what to return besides the log-probs, and the image mask
   * @return the scores, see {@link Scored} for shapes
   */
  Scored score(NDManager manager, List<ScoreRequest> batch, ScoreOptions options);

  /**
   * Generates an answer to each request.
   *
   * @param manager the manager that will own the returned arrays
   * @param batch the prompts, each with an optional forced answer prefix
   * @param options decoding, limits, attention and image mask
   * @return one generated answer per request, in order
   */
  List<Generated> generate(
      NDManager manager, List<GenerationRequest> batch, GenerateOptions options);

  /** Releases the model's resources; it cannot be used afterwards. */
  @Override
  void close();
}
