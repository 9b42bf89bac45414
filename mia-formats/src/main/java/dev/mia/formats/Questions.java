package dev.mia.formats;

import dev.mia.core.data.Conversation;
import dev.mia.core.data.Role;
import dev.mia.core.data.Turn;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * Text edits shared by the three formats, as MIA-DPO's notebooks make them (arXiv 2410.17637;
 * {@code mix_data.ipynb}).
 */
final class Questions {
  private static final String PLACEHOLDER = Conversation.IMAGE_PLACEHOLDER;

  private Questions() {}

  /**
   * Removes the original image placeholder: {@code "<image>\n"}, then {@code "\n<image>"}, then any
   * remaining {@code "<image>"}.
   */
  static String withoutPlaceholder(String question) {
    return question
        .replace(PLACEHOLDER + "\n", "")
        .replace("\n" + PLACEHOLDER, "")
        .replace(PLACEHOLDER, "");
  }

  /**
   * Lower-cases the first character as Python's {@code q[0].lower() + q[1:]} does (one code point,
   * locale-independent).
   */
  static String lowerFirst(String text) {
    if (text.isEmpty()) {
      return text;
    }
    int end = text.offsetByCodePoints(0, 1);
    return text.substring(0, end).toLowerCase(Locale.ROOT) + text.substring(end);
  }

  /** The question without its placeholder and with its first letter lower-cased. */
  static String clean(String question) {
    return lowerFirst(withoutPlaceholder(question));
  }

  /**
   * Rewrites every human turn as {@code prefix(k) + clean(question)}, k counting human turns from
   * 0; assistant turns are kept as they are.
   */
  static Conversation rewrite(Conversation conversation, IntFunction<String> prefix) {
    List<Turn> turns = new ArrayList<>(conversation.turns().size());
    int human = 0;
    for (Turn turn : conversation.turns()) {
      if (turn.role() == Role.HUMAN) {
        turns.add(Turn.human(prefix.apply(human) + clean(turn.text())));
        human++;
      } else {
        turns.add(turn);
      }
    }
    return new Conversation(turns);
  }
}
