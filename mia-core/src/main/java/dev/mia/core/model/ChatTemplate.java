package dev.mia.core.model;

import dev.mia.core.data.Conversation;

/**
 * Renders a prompt conversation as the text a model was trained on, up to where its answer starts:
 * the model-SPI type of a chat template ({@link dev.mia.core.model.torchscript.PrefixChatTemplate}
 * is the built-in one).
 *
 * <p>The rendered text keeps each {@code <image>} placeholder; the model (e.g. {@link
 * dev.mia.core.model.torchscript.TorchScriptVisionLanguageModel}) replaces them by image tokens.
 * The answer is tokenized on its own and appended, so that its tokens are exactly the answer's.
 * Implementations are immutable and thread-safe.
 */
public interface ChatTemplate {

  /**
   * Renders a prompt.
   *
   * @param prompt the conversation, ending with the human's question
   * @return the text, ending where the assistant's answer begins
   */
  String render(Conversation prompt);
}
