package dev.mia.core.data;

import static java.util.Objects.requireNonNull;

import dev.mia.core.InvalidSampleException;
import java.util.List;

/**
 * A multi-image sample made by one of MIA-DPO's formats (arXiv 2410.17637): the images the model
 * sees, which source image the question is about, where each source image sits, and the rewritten
 * conversation.
 *
 * <p>For a {@link Layout.Sequence} the model sees every source image and {@code targetIndex} is the
 * 0-based position of the target among them (the prompt calls it {@code Image{targetIndex + 1}}).
 * For a {@link Layout.Grid} the model sees one collage and {@code targetIndex} is the 0-based,
 * row-major tile index. For a {@link Layout.PicInPic} the model sees one canvas; index 0 is the
 * background and index 1 the inner picture, which is always the target.
 *
 * @param id the sample's id
 * @param images the images the model receives: {@link Layout#modelImageCount()} of them
 * @param targetIndex the 0-based index of the source image the question is about
 * @param layout where each source image sits
 * @param conversation the rewritten conversation, one placeholder per model image
 * @param provenance the source samples and the stage that built it
 */
public record MultiImageSample(
    String id,
    List<ImageRef> images,
    int targetIndex,
    Layout layout,
    Conversation conversation,
    Provenance provenance) {
  /**
   * Validates the components; see the type's documentation for the rules.
   *
   * @param id the sample's id
   * @param images the images the model receives: {@link Layout#modelImageCount()} of them
   * @param targetIndex the 0-based index of the source image the question is about
   * @param layout where each source image sits
   * @param conversation the rewritten conversation, one placeholder per model image
   * @param provenance the source samples and the stage that built it
   */
  public MultiImageSample {
    requireNonNull(id, "id");
    if (id.isBlank()) {
      throw new IllegalArgumentException("id must not be blank");
    }
    images = List.copyOf(requireNonNull(images, "images"));
    requireNonNull(layout, "layout");
    requireNonNull(conversation, "conversation");
    requireNonNull(provenance, "provenance");
    if (images.size() != layout.modelImageCount()) {
      throw new InvalidSampleException(
          id,
          "a "
              + layout.format()
              + " layout shows "
              + layout.modelImageCount()
              + " model image(s) but the sample has "
              + images.size());
    }
    if (targetIndex < 0 || targetIndex >= layout.sourceImageCount()) {
      throw new InvalidSampleException(
          id,
          "targetIndex must be in [0, " + layout.sourceImageCount() + "), but is: " + targetIndex);
    }
    if (layout instanceof Layout.PicInPic && targetIndex != 1) {
      throw new InvalidSampleException(
          id,
          "a pic-in-pic sample's target is the inner picture (index 1), but is: " + targetIndex);
    }
    String sampleId = id;
    conversation
        .problems(images.size())
        .ifPresent(
            problem -> {
              throw new InvalidSampleException(sampleId, problem);
            });
  }

  /**
   * Returns the format that built this sample.
   *
   * @return the layout's format
   */
  public MultiImageFormat format() {
    return layout.format();
  }
}
