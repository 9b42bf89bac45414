package dev.mia.core.data;

import java.util.Locale;

/** Who speaks a {@link Turn}: the human asking or the assistant answering. */
public enum Role {
  /** The user's turn: a question or instruction, possibly with {@code <image>} placeholders. */
  HUMAN("human"),
  /** The model's turn: the answer. */
  ASSISTANT("gpt");

  private final String llavaName;

  Role(String llavaName) {
    this.llavaName = llavaName;
  }

  /**
   * Returns the name LLaVA's data uses in the {@code from} field: {@code human} or {@code gpt}.
   *
   * @return the LLaVA name of this role
   */
  public String llavaName() {
    return llavaName;
  }

  /**
   * Parses a role as the common formats write it: {@code human} or {@code user} for {@link #HUMAN};
   * {@code gpt} or {@code assistant} for {@link #ASSISTANT}; case-insensitive.
   *
   * @param name the role's name in the data
   * @return the role
   * @throws IllegalArgumentException if the name is none of these
   */
  public static Role parse(String name) {
    switch (name.toLowerCase(Locale.ROOT)) {
      case "human":
      case "user":
        return HUMAN;
      case "gpt":
      case "assistant":
        return ASSISTANT;
      default:
        throw new IllegalArgumentException(
            "role must be one of human, user, gpt, assistant, but is: " + name);
    }
  }
}
