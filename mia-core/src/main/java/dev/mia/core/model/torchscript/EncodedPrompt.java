package dev.mia.core.model.torchscript;

import dev.mia.core.model.ImageSpans;
import java.util.List;

/**
 * A prompt as token ids, with each image placeholder expanded to its image tokens.
 *
 * @param ids the token ids, image tokens included
 * @param spans where each image's tokens sit
 */
record EncodedPrompt(List<Integer> ids, ImageSpans spans) {
  EncodedPrompt {
    ids = List.copyOf(ids);
  }
}
