package dev.mia.core.model.torchscript;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.mia.core.data.Conversation;
import dev.mia.core.data.Role;
import dev.mia.core.data.Turn;
import dev.mia.core.model.ChatTemplate;
import java.util.ArrayList;
import java.util.List;

/**
 * A chat template of role prefixes, as LLaVA's {@code conv_vicuna_v1}: the system text, then each
 * turn as its role's prefix followed by its text, then the assistant prefix with trailing
 * whitespace removed, all joined by the separator.
 *
 * <p>With the defaults, the question {@code "<image>\nWhat is it?"} renders as {@code "USER:
 * <image>\nWhat is it? ASSISTANT:"}. Immutable and thread-safe.
 */
public final class PrefixChatTemplate implements ChatTemplate {
  private final String system;
  private final String userPrefix;
  private final String assistantPrefix;
  private final String separator;

  private PrefixChatTemplate(Builder b) {
    this.system = b.system;
    this.userPrefix = b.userPrefix;
    this.assistantPrefix = b.assistantPrefix;
    this.separator = b.separator;
  }

  /**
   * Starts a builder with the defaults: no system text, {@code "USER: "}, {@code "ASSISTANT: "},
   * separator {@code " "}.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String render(Conversation prompt) {
    List<String> parts = new ArrayList<>();
    if (!system.isEmpty()) {
      parts.add(system);
    }
    for (Turn turn : prompt.turns()) {
      parts.add((turn.role() == Role.HUMAN ? userPrefix : assistantPrefix) + turn.text());
    }
    parts.add(assistantPrefix.stripTrailing());
    return String.join(separator, parts);
  }

  @Override
  public String toString() {
    return "PrefixChatTemplate[system="
        + quoted(system)
        + ", userPrefix="
        + quoted(userPrefix)
        + ", assistantPrefix="
        + quoted(assistantPrefix)
        + ", separator="
        + quoted(separator)
        + "]";
  }

  private static String quoted(String s) {
    return "'" + s.replace("\n", "\\n") + "'";
  }

  /** Builds {@link PrefixChatTemplate}. */
  public static final class Builder {
    private String system = "";
    private String userPrefix = "USER: ";
    private String assistantPrefix = "ASSISTANT: ";
    private String separator = " ";

    private Builder() {}

    /**
     * Sets the system text put first. Default: none (empty).
     *
     * @param system the text
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder system(String system) {
      this.system = requireNonNull(system, "system");
      return this;
    }

    /**
     * Sets the prefix of human turns. Default: {@code "USER: "}.
     *
     * @param userPrefix the prefix
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder userPrefix(String userPrefix) {
      this.userPrefix = requireNonNull(userPrefix, "userPrefix");
      return this;
    }

    /**
     * Sets the prefix of assistant turns. Default: {@code "ASSISTANT: "}.
     *
     * @param assistantPrefix the prefix
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder assistantPrefix(String assistantPrefix) {
      this.assistantPrefix = requireNonNull(assistantPrefix, "assistantPrefix");
      return this;
    }

    /**
     * Sets the text between parts. Default: {@code " "}.
     *
     * @param separator the separator
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder separator(String separator) {
      this.separator = requireNonNull(separator, "separator");
      return this;
    }

    /**
     * Builds the template.
     *
     * @return the template
     */
    public PrefixChatTemplate build() {
      return new PrefixChatTemplate(this);
    }
  }
}
