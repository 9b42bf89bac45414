package dev.mia.core.io;

/** The two forms of TRL's preference dataset (TRL documentation, "Dataset formats": preference). */
public enum TrlStyle {
  /**
   * Plain strings: {@code {"prompt":"<image>\nWhat is ...?","chosen":"...","rejected":"..."}}. The
   * prompt is the text of the single human turn, {@code <image>} placeholders kept where they are.
   */
  STANDARD,
  /**
   * Chat messages with typed content parts: {@code "prompt":[{"role":"user","content":[{"type":
   * "image"},{"type":"text","text":"..."}]}]}, answers as one assistant message each. Each {@code
   * <image>} placeholder becomes an image part, in order.
   */
  CONVERSATIONAL
}
