package dev.mia.core.model;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A prompt as token ids, with every {@code <image>} placeholder expanded to the image's tokens, and
 * where those image tokens sit.
 *
 * <p>The ids end where the answer begins: a model's chat template (roles, separators, the
 * assistant's turn marker) is part of them. The spans index {@link #ids()}.
 *
 * @param ids the prompt's token ids, placeholders expanded; copied
 * @param imageSpans where each image's tokens sit, one span per image in placeholder order
 */
public record EncodedPrompt(List<Integer> ids, ImageSpans imageSpans) {
  /**
   * Validates the prompt.
   *
   * @param ids the prompt's token ids, placeholders expanded; copied
   * @param imageSpans where each image's tokens sit, one span per image in placeholder order
   * @throws IllegalArgumentException if there is no id or a span reaches past the ids
   */
  public EncodedPrompt {
    ids = List.copyOf(requireNonNull(ids, "ids"));
    requireNonNull(imageSpans, "imageSpans");
    if (ids.isEmpty()) {
      throw new IllegalArgumentException("ids must not be empty");
    }
    for (int i = 0; i < imageSpans.size(); i++) {
      if (imageSpans.get(i).end() > ids.size()) {
        throw new IllegalArgumentException(
            "image span "
                + i
                + " "
                + imageSpans.get(i)
                + " ends after the prompt's "
                + ids.size()
                + " ids");
      }
    }
  }

  /**
   * Returns the number of prompt tokens.
   *
   * @return the length of {@link #ids()}
   */
  public int length() {
    return ids.size();
  }
}
