package dev.mia.core.model.torchscript;

import dev.mia.core.model.EncodedPrompt;
import dev.mia.core.model.ModelTokenizer;
import dev.mia.core.model.Prompt;
import dev.mia.core.model.TextTokenizer;
import java.util.List;

/**
 * The adapter's {@link ModelTokenizer}: prompts through the chat template and image expansion,
 * answers through the text tokenizer, the end token (if one is set) after every trained answer.
 */
final class ModelTokenizerAdapter implements ModelTokenizer {
  private final PromptEncoder encoder;
  private final TextTokenizer tokenizer;
  private final List<Integer> suffix;
  private final String configId;

  ModelTokenizerAdapter(
      PromptEncoder encoder, TextTokenizer tokenizer, List<Integer> suffix, String configId) {
    this.encoder = encoder;
    this.tokenizer = tokenizer;
    this.suffix = List.copyOf(suffix);
    this.configId = configId;
  }

  @Override
  public String configId() {
    return configId;
  }

  @Override
  public EncodedPrompt encodePrompt(Prompt prompt) {
    return encoder.encode(prompt);
  }

  @Override
  public List<Integer> encodeAnswer(String answer) {
    List<Integer> ids = tokenizer.encode(answer);
    if (ids.isEmpty()) {
      throw new IllegalArgumentException("answer '" + answer + "' encodes to no tokens");
    }
    return ids;
  }

  @Override
  public List<Integer> answerSuffix() {
    return suffix;
  }

  @Override
  public String toString() {
    return "TorchScriptTokenizer[" + configId + "]";
  }
}
