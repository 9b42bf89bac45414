package dev.mia.selection;

import static java.util.Objects.requireNonNull;

import dev.mia.core.InvalidSampleException;
import dev.mia.core.data.Conversation;
import dev.mia.core.data.ImageRef;
import dev.mia.core.data.Layout;
import dev.mia.core.data.MultiImageSample;
import dev.mia.core.data.Provenance;
import dev.mia.core.data.SftSample;
import dev.mia.core.data.Turn;
import dev.mia.core.model.Prompt;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * One sample on its way to becoming preference pairs: the prompt (every turn but the last answer),
 * the chosen answer (the last answer, the ground truth as in MIA-DPO), the images both as
 * references and decoded, and the layout that maps attention back to source images.
 *
 * <p>The decoded images are held by reference: do not modify them.
 *
 * @param id the sample's id
 * @param images the image references, in placeholder order; copied
 * @param pixels the decoded images, one per reference; copied
 * @param prompt the context, ending with the human's last question
 * @param chosen the last answer of the sample
 * @param layout where each source image sits
 * @param targetIndex the 0-based source index of the image the question is about
 * @param provenance the sample's provenance
 */
public record SelectionInput(
    String id,
    List<ImageRef> images,
    List<BufferedImage> pixels,
    Conversation prompt,
    String chosen,
    Layout layout,
    int targetIndex,
    Provenance provenance) {
  /**
   * Validates the input.
   *
   * @param id the sample's id
   * @param images the image references, in placeholder order; copied
   * @param pixels the decoded images, one per reference; copied
   * @param prompt the context, ending with the human's last question
   * @param chosen the last answer of the sample
   * @param layout where each source image sits
   * @param targetIndex the 0-based source index of the image the question is about
   * @param provenance the sample's provenance
   * @throws InvalidSampleException if the images and pixels differ in number, the prompt is invalid
   *     or the chosen answer is blank
   */
  public SelectionInput {
    requireNonNull(id, "id");
    images = List.copyOf(requireNonNull(images, "images"));
    pixels = List.copyOf(requireNonNull(pixels, "pixels"));
    requireNonNull(prompt, "prompt");
    requireNonNull(chosen, "chosen");
    requireNonNull(layout, "layout");
    requireNonNull(provenance, "provenance");
    if (images.size() != pixels.size()) {
      throw new InvalidSampleException(
          id, images.size() + " image reference(s) but " + pixels.size() + " decoded image(s)");
    }
    String sampleId = id;
    prompt
        .promptProblems(images.size())
        .ifPresent(
            problem -> {
              throw new InvalidSampleException(sampleId, problem);
            });
    if (chosen.isBlank()) {
      throw new InvalidSampleException(id, "the chosen answer is empty");
    }
  }

  /**
   * Makes an input from a multi-image sample.
   *
   * @param sample the sample
   * @param pixels its decoded images, one per model image
   * @return the input
   */
  public static SelectionInput of(MultiImageSample sample, List<BufferedImage> pixels) {
    return new SelectionInput(
        sample.id(),
        sample.images(),
        pixels,
        withoutLastAnswer(sample.conversation()),
        lastAnswer(sample.conversation()),
        sample.layout(),
        sample.targetIndex(),
        sample.provenance());
  }

  /**
   * Makes an input from a single- or multi-image SFT sample: a {@link Layout.Sequence} of its
   * images with the first as the target.
   *
   * @param sample the sample, with at least one image
   * @param pixels its decoded images
   * @return the input
   * @throws InvalidSampleException if the sample has no image
   */
  public static SelectionInput of(SftSample sample, List<BufferedImage> pixels) {
    if (sample.images().isEmpty()) {
      throw new InvalidSampleException(sample.id(), "has no image; preference pairs need one");
    }
    return new SelectionInput(
        sample.id(),
        sample.images(),
        pixels,
        withoutLastAnswer(sample.conversation()),
        lastAnswer(sample.conversation()),
        new Layout.Sequence(sample.images().size()),
        0,
        Provenance.from(sample.id()));
  }

  /**
   * Returns the model prompt: the decoded images and the conversation.
   *
   * @return the prompt
   */
  public Prompt modelPrompt() {
    return new Prompt(pixels, prompt);
  }

  /**
   * Starts a candidate with a rejected answer.
   *
   * @param rejected the rejected answer
   * @return a builder holding the id, images, prompt, chosen answer and provenance
   */
  public Candidate.Builder candidate(String rejected) {
    return Candidate.builder(id, prompt, chosen, rejected).images(images).provenance(provenance);
  }

  private static Conversation withoutLastAnswer(Conversation conversation) {
    List<Turn> turns = conversation.turns();
    return new Conversation(turns.subList(0, turns.size() - 1));
  }

  private static String lastAnswer(Conversation conversation) {
    List<Turn> turns = conversation.turns();
    return turns.get(turns.size() - 1).text();
  }
}
