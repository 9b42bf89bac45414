package dev.mia.core.io;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.mia.core.data.PreferencePair;
import dev.mia.core.data.Role;
import dev.mia.core.data.Turn;
import java.io.IOException;

/**
 * Writes preference pairs in LLaMA-Factory's sharegpt pairwise format (its {@code data/README.md},
 * "Preference Dataset", with {@code "ranking": true} and {@code "formatting": "sharegpt"} in {@code
 * dataset_info.json}): the prompt's turns in {@code conversations}, ending with the human's
 * question, and the two answers as single messages. Field order: {@code id}, {@code conversations},
 * {@code chosen}, {@code rejected}, {@code images}; LLaMA-Factory ignores {@code id}, which {@link
 * JsonlWriter} needs to resume; {@code images} (paths in placeholder order) is left out for a
 * text-only pair. One line:
 *
 * <pre>{@code
 * {"id":"p1","conversations":[{"from":"human","value":"<image>\nWhat colour is the bus?"}],"chosen":{"from":"gpt","value":"Red."},"rejected":{"from":"gpt","value":"Blue."},"images":["coco/1.jpg"]}
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class SharegptPairEncoder extends PairEncoder {
  /** The encoder; it has no settings. */
  public static final SharegptPairEncoder INSTANCE = new SharegptPairEncoder();

  private SharegptPairEncoder() {}

  @Override
  void writeFields(PreferencePair pair, JsonGenerator g) throws IOException {
    g.writeFieldName("conversations");
    MiaJson.writeTurns(g, pair.prompt());
    g.writeFieldName("chosen");
    MiaJson.writeTurn(g, new Turn(Role.ASSISTANT, pair.chosen()));
    g.writeFieldName("rejected");
    MiaJson.writeTurn(g, new Turn(Role.ASSISTANT, pair.rejected()));
    writeImagePathsIfAny(pair, g);
  }

  @Override
  public String toString() {
    return "SharegptPairEncoder";
  }
}
