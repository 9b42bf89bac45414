package dev.mia.core.model;

import static java.util.Objects.requireNonNull;

import dev.mia.core.data.Conversation;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * What a model is asked: decoded images and a conversation that ends with the human's question,
 * with one {@code <image>} placeholder per image marking where its tokens go.
 *
 * <p>The images are held by reference (a {@link BufferedImage} is mutable): do not modify them
 * while a model uses the prompt.
 *
 * @param images the decoded images, in placeholder order; copied
 * @param conversation the context, ending with a human turn
 */
public record Prompt(List<BufferedImage> images, Conversation conversation) {
  /**
   * Validates the prompt.
   *
   * @param images the decoded images, in placeholder order; copied
   * @param conversation the context, ending with a human turn
   */
  public Prompt {
    images = List.copyOf(requireNonNull(images, "images"));
    requireNonNull(conversation, "conversation");
    conversation
        .promptProblems(images.size())
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException("invalid prompt: " + problem);
            });
  }
}
