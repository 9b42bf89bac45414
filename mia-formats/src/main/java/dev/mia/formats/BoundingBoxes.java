package dev.mia.formats;

import dev.mia.core.data.Conversation;
import dev.mia.core.data.Turn;
import java.util.regex.Pattern;

/**
 * Finds bounding boxes written in a conversation, such as {@code [0.12, 0.30, 0.55, 0.81]} or
 * {@code [12, 30, 155, 281]}: four numbers in square brackets, separated by commas.
 *
 * <p>MIA-DPO drops such samples before building its formats (arXiv 2410.17637; {@code
 * mix_data.ipynb}, regex {@code \[\s*\d+(\.\d+)?,...\]}), because a collage or a pasted inset moves
 * the picture and makes the coordinates wrong. Every turn is searched, questions as well as
 * answers, since region questions of LLaVA's data name boxes in the question.
 */
public final class BoundingBoxes {
  /** Four non-negative decimal numbers in square brackets, separated by commas. */
  public static final Pattern PATTERN =
      Pattern.compile(
          "\\[\\s*\\d+(\\.\\d+)?\\s*,\\s*\\d+(\\.\\d+)?\\s*,\\s*\\d+(\\.\\d+)?\\s*,"
              + "\\s*\\d+(\\.\\d+)?\\s*\\]");

  private BoundingBoxes() {}

  /**
   * Tells whether any turn of a conversation holds a bounding box ({@link #PATTERN}).
   *
   * @param conversation the conversation
   * @return true if some turn holds four bracketed numbers
   */
  public static boolean appearIn(Conversation conversation) {
    for (Turn turn : conversation.turns()) {
      if (PATTERN.matcher(turn.text()).find()) {
        return true;
      }
    }
    return false;
  }
}
