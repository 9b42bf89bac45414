package dev.mia.core.io;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.mia.core.data.PreferencePair;
import dev.mia.core.data.Role;
import dev.mia.core.data.Turn;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Writes preference pairs in LLaMA-Factory's sharegpt pairwise format (its {@code data/README.md},
 * "Preference Dataset", with {@code "ranking": true} and {@code "formatting": "sharegpt"} in {@code
 * dataset_info.json}): the prompt's turns in {@code conversations}, ending with the human's
 * question, and the two answers as single messages. Field order: {@code id}, {@code conversations},
 * {@code chosen}, {@code rejected}, {@code images}; LLaMA-Factory ignores {@code id}, which {@link
 * JsonlWriter} needs to resume; {@code images} (paths in placeholder order) is left out for a
 * text-only pair. The paths are as in the data (relative to the data's image root, which
 * LLaMA-Factory's {@code media_dir} must name), or, with {@link #withImageRoot}, resolved against
 * that one root, absolute, so the trainer opens them from anywhere without knowing mia. One line:
 *
 * <pre>{@code
 * {"id":"p1","conversations":[{"from":"human","value":"<image>\nWhat colour is the bus?"}],"chosen":{"from":"gpt","value":"Red."},"rejected":{"from":"gpt","value":"Blue."},"images":["coco/1.jpg"]}
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class SharegptPairEncoder extends PairEncoder {
  /** The encoder that writes image paths as in the data. */
  public static final SharegptPairEncoder INSTANCE = new SharegptPairEncoder(null);

  private SharegptPairEncoder(@Nullable Path imageRoot) {
    super(imageRoot);
  }

  /**
   * Returns an encoder that writes each image path resolved against one root, absolute and
   * normalised ({@code root.resolve(path)}, {@code /} separators).
   *
   * @param imageRoot the folder every image path of the data is relative to; for mia-formats'
   *     output, the {@code Workspace}'s image root
   * @return the encoder
   */
  public static SharegptPairEncoder withImageRoot(Path imageRoot) {
    return new SharegptPairEncoder(requireNonNull(imageRoot, "imageRoot"));
  }

  @Override
  void writeFields(PreferencePair pair, List<String> imagePaths, JsonGenerator g)
      throws IOException {
    g.writeFieldName("conversations");
    MiaJson.writeTurns(g, pair.prompt());
    g.writeFieldName("chosen");
    MiaJson.writeTurn(g, new Turn(Role.ASSISTANT, pair.chosen()));
    g.writeFieldName("rejected");
    MiaJson.writeTurn(g, new Turn(Role.ASSISTANT, pair.rejected()));
    writeImagePathsIfAny(imagePaths, g);
  }

  @Override
  public String toString() {
    return imageRoot() == null
        ? "SharegptPairEncoder"
        : "SharegptPairEncoder(imageRoot=" + imageRoot() + ")";
  }
}
