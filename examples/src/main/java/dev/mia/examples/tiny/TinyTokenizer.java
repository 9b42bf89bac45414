package dev.mia.examples.tiny;

import dev.mia.core.model.EncodedPrompt;
import dev.mia.core.model.ModelTokenizer;
import dev.mia.core.model.Prompt;
import java.util.List;

/**
 * The tiny model's {@link ModelTokenizer}: its word tokenizer and chat template ({@code <bos> USER:
 * ... ASSISTANT:}, each image placeholder expanded to the patch grid's tokens), with {@code <eos>}
 * after every trained answer.
 */
final class TinyTokenizer implements ModelTokenizer {
  /** The id in cache keys; unchanged since the examples' first reference caches. */
  static final String CONFIG_ID = "tiny-lvlm/word-tokenizer/answer+eos/v1";

  private final WordTokenizer words;
  private final TinyLvlmConfig config;
  private final List<Integer> suffix;

  TinyTokenizer(WordTokenizer words, TinyLvlmConfig config) {
    this.words = words;
    this.config = config;
    this.suffix = List.of(words.id(WordTokenizer.EOS));
  }

  @Override
  public String configId() {
    return CONFIG_ID;
  }

  @Override
  public EncodedPrompt encodePrompt(Prompt prompt) {
    return ImagePrompt.of(prompt, words, config).encoded();
  }

  @Override
  public List<Integer> encodeAnswer(String answer) {
    return words.encode(answer);
  }

  @Override
  public List<Integer> answerSuffix() {
    return suffix;
  }

  @Override
  public String toString() {
    return "TinyTokenizer[" + CONFIG_ID + ", words=" + words.size() + "]";
  }
}
