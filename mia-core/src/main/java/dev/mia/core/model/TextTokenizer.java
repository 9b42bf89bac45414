package dev.mia.core.model;

import java.util.List;
import java.util.OptionalInt;

/**
 * Turns text into token ids and back: the model-SPI type of a model's text tokenizer, used by the
 * TorchScript adapter ({@link dev.mia.core.model.torchscript.TorchScriptVisionLanguageModel}, with
 * {@link dev.mia.core.model.torchscript.WordLevelTokenizer} or {@link
 * dev.mia.core.model.torchscript.HuggingFaceTextTokenizer}) and by the examples' tiny model.
 *
 * <p>{@link #encode} adds no special tokens (no begin- or end-of-sequence): the model adds them
 * where its contract says. The image placeholder {@code <image>} never reaches {@link #encode}: the
 * model splits the prompt at each placeholder and inserts the image token's id itself, so a
 * tokenizer only has to know the image token through {@link #tokenId}.
 *
 * <p>Implementations are immutable and thread-safe, unless they say otherwise.
 */
public interface TextTokenizer {

  /**
   * Returns a stable id of the tokenizer and its vocabulary, part of cache keys.
   *
   * @return the id
   */
  String id();

  /**
   * Returns the number of token ids, one more than the largest id.
   *
   * @return the vocabulary size
   */
  int vocabularySize();

  /**
   * Encodes text without special tokens.
   *
   * @param text the text; may be empty
   * @return the token ids, in order; empty for empty text
   */
  List<Integer> encode(String text);

  /**
   * Decodes token ids back to text.
   *
   * @param ids the token ids, each in {@code [0, vocabularySize())}
   * @return the text
   * @throws IllegalArgumentException if an id is outside the vocabulary
   */
  String decode(List<Integer> ids);

  /**
   * Returns the id of a single token, such as {@code <image>} or {@code </s>}.
   *
   * @param token the token, exactly as the vocabulary spells it
   * @return its id, or empty if the vocabulary does not hold it as one token
   */
  OptionalInt tokenId(String token);
}
