package dev.mia.core.model;

import java.util.List;

/**
 * How a model turns a prompt and an answer into the token ids it is trained on: the part of the
 * model SPI that collation needs, so that one batching path serves the tiny model and real models.
 *
 * <p>The sequence a trainer scores for a prompt {@code P} and an answer {@code a} is {@code
 * encodePrompt(P).ids() ++ encodeAnswer(a) ++ answerSuffix()}: the log-prob of every token after
 * the prompt is trained, the suffix's end tokens included (so that preferring an answer also
 * prefers stopping after it, as TRL and LLaVA's trainers do).
 *
 * <p>Implementations are immutable and thread-safe.
 */
public interface ModelTokenizer {

  /**
   * Returns a stable description of the tokenizer, chat template and image processing, part of
   * every reference log-prob cache key: two tokenizers that give different ids must give different
   * strings.
   *
   * @return the configuration id, e.g. {@code tiny-lvlm/word-tokenizer/answer+eos/v1}
   */
  String configId();

  /**
   * Encodes a prompt with the model's chat template, expanding each {@code <image>} placeholder
   * into the image's tokens.
   *
   * @param prompt the prompt
   * @return the ids and where each image's tokens sit, one span per image
   * @throws IllegalArgumentException if the prompt cannot be encoded
   */
  EncodedPrompt encodePrompt(Prompt prompt);

  /**
   * Encodes an answer's text alone, without template or end tokens.
   *
   * @param answer the answer text
   * @return its token ids, at least one
   * @throws IllegalArgumentException if the answer cannot be encoded or has no token
   */
  List<Integer> encodeAnswer(String answer);

  /**
   * Returns the tokens that follow every answer in a trained sequence, e.g. the end-of-sequence
   * token; empty if none.
   *
   * @return the suffix ids
   */
  List<Integer> answerSuffix();
}
