package dev.mia.examples.world;

import static java.util.Objects.requireNonNull;

import dev.mia.core.data.Conversation;
import dev.mia.core.data.ImageRef;
import dev.mia.core.data.SftSample;
import java.util.ArrayList;
import java.util.List;

/**
 * One question about one or more scenes of a split, with its exact answer.
 *
 * @param id the sample's id, unique within its split
 * @param sceneIndices the indices of the scenes shown, in image order, into the split's scenes;
 *     copied
 * @param imagePaths the image files of those scenes, relative to the world's folder; copied
 * @param question the question and its answer
 */
public record WorldSample(
    String id, List<Integer> sceneIndices, List<String> imagePaths, WorldQuestion question) {
  /**
   * Validates the sample.
   *
   * @param id the sample's id, unique within its split
   * @param sceneIndices the indices of the scenes shown, in image order; copied
   * @param imagePaths the image files of those scenes, relative to the world's folder; copied
   * @param question the question and its answer
   */
  public WorldSample {
    requireNonNull(id, "id");
    sceneIndices = List.copyOf(requireNonNull(sceneIndices, "sceneIndices"));
    imagePaths = List.copyOf(requireNonNull(imagePaths, "imagePaths"));
    requireNonNull(question, "question");
    if (sceneIndices.isEmpty() || sceneIndices.size() != imagePaths.size()) {
      throw new IllegalArgumentException(
          "need one image path per scene and at least one scene, but got "
              + sceneIndices.size()
              + " scenes and "
              + imagePaths.size()
              + " paths");
    }
  }

  /**
   * Returns the sample as LLaVA-style supervised data: one {@code <image>} line per image, then the
   * question; the answer as the assistant's turn.
   *
   * @return the sample
   */
  public SftSample toSftSample() {
    List<ImageRef> images = new ArrayList<>();
    StringBuilder human = new StringBuilder();
    for (String path : imagePaths) {
      images.add(ImageRef.OnDisk.of(path));
      human.append(Conversation.IMAGE_PLACEHOLDER).append('\n');
    }
    human.append(question.text());
    return new SftSample(id, images, Conversation.singleRound(human.toString(), question.answer()));
  }
}
