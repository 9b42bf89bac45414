package dev.mia.core.data;

import static java.util.Objects.requireNonNull;

/**
 * One turn of a conversation.
 *
 * @param role who speaks
 * @param text what is said, exactly as in the data; {@code <image>} marks where an image goes
 */
public record Turn(Role role, String text) {
  /**
   * Validates the components; see the type's documentation for the rules.
   *
   * @param role who speaks
   * @param text what is said, exactly as in the data; {@code <image>} marks where an image goes
   */
  public Turn {
    requireNonNull(role, "role");
    requireNonNull(text, "text");
  }

  /**
   * Creates a human turn.
   *
   * @param text the question or instruction
   * @return the turn
   */
  public static Turn human(String text) {
    return new Turn(Role.HUMAN, text);
  }

  /**
   * Creates an assistant turn.
   *
   * @param text the answer
   * @return the turn
   */
  public static Turn assistant(String text) {
    return new Turn(Role.ASSISTANT, text);
  }

  /**
   * Counts the {@link Conversation#IMAGE_PLACEHOLDER} occurrences in the text.
   *
   * @return how many images this turn places
   */
  public int imagePlaceholderCount() {
    int count = 0;
    int from = 0;
    while ((from = text.indexOf(Conversation.IMAGE_PLACEHOLDER, from)) >= 0) {
      count++;
      from += Conversation.IMAGE_PLACEHOLDER.length();
    }
    return count;
  }
}
