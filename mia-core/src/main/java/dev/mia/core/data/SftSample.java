package dev.mia.core.data;

import static java.util.Objects.requireNonNull;

import dev.mia.core.InvalidSampleException;
import java.util.List;

/**
 * A supervised single- or multi-turn sample as LLaVA's instruction data holds it (LLaVA-665k): an
 * id, the images it shows, and the conversation about them.
 *
 * <p>A sample is valid by construction: its id is not blank; its conversation is not empty,
 * alternates human and assistant turns starting with the human and ending with an answer, has no
 * blank turn, and holds exactly one {@code <image>} placeholder per image. Text-only samples have
 * no image and no placeholder.
 *
 * @param id the sample's id, unique within its dataset
 * @param images the images, in placeholder order; copied
 * @param conversation the turns
 */
public record SftSample(String id, List<ImageRef> images, Conversation conversation) {
  /**
   * Validates the components; see the type's documentation for the rules.
   *
   * @param id the sample's id, unique within its dataset
   * @param images the images, in placeholder order; copied
   * @param conversation the turns
   */
  public SftSample {
    requireNonNull(id, "id");
    if (id.isBlank()) {
      throw new IllegalArgumentException("id must not be blank");
    }
    images = List.copyOf(requireNonNull(images, "images"));
    requireNonNull(conversation, "conversation");
    String sampleId = id;
    conversation
        .problems(images.size())
        .ifPresent(
            problem -> {
              throw new InvalidSampleException(sampleId, problem);
            });
  }

  /**
   * Creates a one-image, one-round sample.
   *
   * @param id the id
   * @param image the image
   * @param question the question; an {@code <image>} placeholder is put before it, on its own line,
   *     if it has none
   * @param answer the answer
   * @return the sample
   */
  public static SftSample singleImage(String id, ImageRef image, String question, String answer) {
    String withPlaceholder =
        question.contains(Conversation.IMAGE_PLACEHOLDER)
            ? question
            : Conversation.IMAGE_PLACEHOLDER + "\n" + question;
    return new SftSample(id, List.of(image), Conversation.singleRound(withPlaceholder, answer));
  }
}
