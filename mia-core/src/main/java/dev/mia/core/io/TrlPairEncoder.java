package dev.mia.core.io;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.mia.core.data.Conversation;
import dev.mia.core.data.PreferencePair;
import dev.mia.core.data.Role;
import dev.mia.core.data.Turn;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Writes preference pairs in TRL's preference format, as {@code DPOTrainer} reads it (TRL
 * documentation, "Dataset formats"), in one of two {@link TrlStyle}s. Field order: {@code id},
 * {@code prompt}, {@code chosen}, {@code rejected}, {@code images}. TRL ignores the extra {@code
 * id} column; {@link JsonlWriter} needs it to resume. {@code images}, the image paths in
 * placeholder order, is left out for a text-only pair.
 *
 * <p>{@link TrlStyle#STANDARD}:
 *
 * <pre>{@code
 * {"id":"p1","prompt":"<image>\nWhat colour is the bus?","chosen":"Red.","rejected":"Blue.","images":["coco/1.jpg"]}
 * }</pre>
 *
 * It holds one-turn prompts only: a multi-turn prompt has answers in it that a plain string would
 * merge with the questions, so it is refused (use the conversational style).
 *
 * <p>{@link TrlStyle#CONVERSATIONAL}:
 *
 * <pre>{@code
 * {"id":"p1","prompt":[{"role":"user","content":[{"type":"image"},{"type":"text","text":"\nWhat colour is the bus?"}]}],
 *  "chosen":[{"role":"assistant","content":[{"type":"text","text":"Red."}]}],
 *  "rejected":[{"role":"assistant","content":[{"type":"text","text":"Blue."}]}],"images":["coco/1.jpg"]}
 * }</pre>
 *
 * (one line in the file). A turn's content parts are its text cut at each {@code <image>}: an image
 * part for each placeholder, a text part for each non-empty piece between them, in order, nothing
 * trimmed; so joining the parts back, with {@code <image>} for each image part, gives the turn's
 * text exactly. Roles are {@code user} and {@code assistant}.
 *
 * <p>The image paths are written as in the data (relative to the data's image root), or, with
 * {@link #withImageRoot}, resolved against that one root, absolute and normalised with {@code /}
 * separators, so that a trainer opens them from any working directory without knowing mia.
 *
 * <p>Immutable and thread-safe.
 */
public final class TrlPairEncoder extends PairEncoder {
  private final TrlStyle style;

  private TrlPairEncoder(TrlStyle style, @Nullable Path imageRoot) {
    super(imageRoot);
    this.style = style;
  }

  /**
   * Returns an encoder for the given style.
   *
   * @param style plain strings or chat messages
   * @return the encoder
   */
  public static TrlPairEncoder of(TrlStyle style) {
    return new TrlPairEncoder(requireNonNull(style, "style"), null);
  }

  /**
   * Returns this encoder writing each image path resolved against one root, absolute and normalised
   * ({@code root.resolve(path)}, {@code /} separators).
   *
   * @param imageRoot the folder every image path of the data is relative to; for mia-formats'
   *     output, the {@code Workspace}'s image root
   * @return a new encoder of the same style
   */
  public TrlPairEncoder withImageRoot(Path imageRoot) {
    return new TrlPairEncoder(style, requireNonNull(imageRoot, "imageRoot"));
  }

  /**
   * Returns the style this encoder writes.
   *
   * @return the style
   */
  public TrlStyle style() {
    return style;
  }

  /** In the standard style, refuses a prompt of more than one turn. */
  @Override
  void check(PreferencePair pair) {
    int turns = pair.prompt().turns().size();
    if (style == TrlStyle.STANDARD && turns != 1) {
      throw new IllegalArgumentException(
          "pair '"
              + pair.id()
              + "': the standard TRL style holds a one-turn prompt, but this prompt has "
              + turns
              + " turns; use TrlStyle.CONVERSATIONAL");
    }
  }

  @Override
  void writeFields(PreferencePair pair, List<String> imagePaths, JsonGenerator g)
      throws IOException {
    if (style == TrlStyle.STANDARD) {
      g.writeStringField("prompt", pair.prompt().turns().get(0).text());
      g.writeStringField("chosen", pair.chosen());
      g.writeStringField("rejected", pair.rejected());
    } else {
      g.writeArrayFieldStart("prompt");
      for (Turn turn : pair.prompt().turns()) {
        writeMessage(g, turn.role(), turn.text());
      }
      g.writeEndArray();
      g.writeArrayFieldStart("chosen");
      writeMessage(g, Role.ASSISTANT, pair.chosen());
      g.writeEndArray();
      g.writeArrayFieldStart("rejected");
      writeMessage(g, Role.ASSISTANT, pair.rejected());
      g.writeEndArray();
    }
    writeImagePathsIfAny(imagePaths, g);
  }

  private static void writeMessage(JsonGenerator g, Role role, String text) throws IOException {
    g.writeStartObject();
    g.writeStringField("role", role == Role.HUMAN ? "user" : "assistant");
    g.writeArrayFieldStart("content");
    String placeholder = Conversation.IMAGE_PLACEHOLDER;
    int from = 0;
    while (true) {
      int at = text.indexOf(placeholder, from);
      int end = at < 0 ? text.length() : at;
      if (end > from) {
        g.writeStartObject();
        g.writeStringField("type", "text");
        g.writeStringField("text", text.substring(from, end));
        g.writeEndObject();
      }
      if (at < 0) {
        break;
      }
      g.writeStartObject();
      g.writeStringField("type", "image");
      g.writeEndObject();
      from = at + placeholder.length();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  @Override
  public String toString() {
    return imageRoot() == null
        ? "TrlPairEncoder(style=" + style + ")"
        : "TrlPairEncoder(style=" + style + ", imageRoot=" + imageRoot() + ")";
  }
}
