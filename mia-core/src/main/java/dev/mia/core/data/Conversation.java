package dev.mia.core.data;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The turns of a sample, in order.
 *
 * <p>A conversation only holds turns; the rules a sample's conversation must follow (not empty,
 * turns alternate starting with the human, no empty answer, placeholders match images) are checked
 * by the sample that owns it, so that the error can name the sample: see {@link #problems(int)}.
 *
 * @param turns the turns, copied
 */
public record Conversation(List<Turn> turns) {
  /** The placeholder that marks where an image's tokens go, as LLaVA writes it. */
  public static final String IMAGE_PLACEHOLDER = "<image>";

  /**
   * Validates the components; see the type's documentation for the rules.
   *
   * @param turns the turns, copied
   */
  public Conversation {
    turns = List.copyOf(requireNonNull(turns, "turns"));
  }

  /**
   * Creates a conversation from turns.
   *
   * @param turns the turns, in order
   * @return the conversation
   */
  public static Conversation of(Turn... turns) {
    return new Conversation(List.of(turns));
  }

  /**
   * Creates a one-round conversation: a question and its answer.
   *
   * @param question the human turn's text
   * @param answer the assistant turn's text
   * @return the conversation
   */
  public static Conversation singleRound(String question, String answer) {
    return of(Turn.human(question), Turn.assistant(answer));
  }

  /**
   * Counts the image placeholders over all turns.
   *
   * @return the number of {@link #IMAGE_PLACEHOLDER}s
   */
  public int imagePlaceholderCount() {
    int count = 0;
    for (Turn turn : turns) {
      count += turn.imagePlaceholderCount();
    }
    return count;
  }

  /**
   * Returns the texts of the human turns, in order.
   *
   * @return the questions
   */
  public List<String> questions() {
    return texts(Role.HUMAN);
  }

  /**
   * Returns the texts of the assistant turns, in order.
   *
   * @return the answers
   */
  public List<String> answers() {
    return texts(Role.ASSISTANT);
  }

  /**
   * Returns the last turn, if any.
   *
   * @return the last turn, or empty for an empty conversation
   */
  public Optional<Turn> lastTurn() {
    return turns.isEmpty() ? Optional.empty() : Optional.of(turns.get(turns.size() - 1));
  }

  /**
   * Returns a conversation with one more turn at the end.
   *
   * @param turn the turn to add
   * @return a new conversation
   */
  public Conversation append(Turn turn) {
    List<Turn> longer = new ArrayList<>(turns);
    longer.add(turn);
    return new Conversation(longer);
  }

  /**
   * Lists what breaks the rules of a complete sample: not empty; turns alternate, starting with the
   * human and ending with the assistant; no blank turn; as many placeholders as images.
   *
   * @param imageCount the number of images the owning sample carries
   * @return the first problem found, described without the sample id, or empty if there is none
   */
  public Optional<String> problems(int imageCount) {
    return problems(imageCount, Role.ASSISTANT);
  }

  /**
   * Lists what breaks the rules of a prompt (the context a model answers): as {@link
   * #problems(int)}, except that it ends with the human's question.
   *
   * @param imageCount the number of images the owning pair carries
   * @return the first problem found, described without the id, or empty if there is none
   */
  public Optional<String> promptProblems(int imageCount) {
    return problems(imageCount, Role.HUMAN);
  }

  private Optional<String> problems(int imageCount, Role last) {
    if (turns.isEmpty()) {
      return Optional.of(last == Role.HUMAN ? "the prompt is empty" : "the conversation is empty");
    }
    for (int i = 0; i < turns.size(); i++) {
      Turn turn = turns.get(i);
      Role expected = i % 2 == 0 ? Role.HUMAN : Role.ASSISTANT;
      if (turn.role() != expected) {
        return Optional.of(
            "turn " + i + " is from " + turn.role() + " but " + expected + " was expected");
      }
      if (turn.text().isBlank()) {
        return Optional.of(
            (expected == Role.ASSISTANT ? "answer" : "question") + " in turn " + i + " is empty");
      }
    }
    if (turns.get(turns.size() - 1).role() != last) {
      return Optional.of(
          last == Role.ASSISTANT
              ? "the conversation ends with a question that has no answer"
              : "the prompt ends with an answer instead of a question");
    }
    int placeholders = imagePlaceholderCount();
    if (placeholders != imageCount) {
      return Optional.of(
          "the conversation has "
              + placeholders
              + " "
              + IMAGE_PLACEHOLDER
              + " placeholder"
              + (placeholders == 1 ? "" : "s")
              + " but there "
              + (imageCount == 1 ? "is 1 image" : "are " + imageCount + " images"));
    }
    return Optional.empty();
  }

  private List<String> texts(Role role) {
    List<String> out = new ArrayList<>();
    for (Turn turn : turns) {
      if (turn.role() == role) {
        out.add(turn.text());
      }
    }
    return List.copyOf(out);
  }
}
