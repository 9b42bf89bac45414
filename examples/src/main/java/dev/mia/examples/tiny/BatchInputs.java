package dev.mia.examples.tiny;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.mia.core.image.Resize;
import dev.mia.core.model.ImageMask;
import dev.mia.core.model.ImageSpan;
import java.awt.image.BufferedImage;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/** Builds the network's inputs for a right-padded batch of sequences. */
final class BatchInputs {
  /** The additive mask value of a hidden key: exp(-1e9) is exactly 0 in float32. */
  static final float HIDDEN = -1e9f;

  private BatchInputs() {}

  /** Builds the inputs with one image mask for every row. */
  static NDList build(
      NDManager manager,
      List<ImagePrompt> prompts,
      List<List<Integer>> sequences,
      int length,
      ImageMask imageMask,
      TinyLvlmConfig config,
      int vocabulary) {
    return build(
        manager,
        prompts,
        sequences,
        length,
        Collections.nCopies(sequences.size(), imageMask),
        config,
        vocabulary);
  }

  /**
   * Builds {@code embedIndex [B*S]}, {@code images [N, 3, H, W]} and {@code mask [B, 1, S, S]}.
   *
   * @param prompts the rows' prompts (for the images and spans)
   * @param sequences the rows' full token ids, each starting with the prompt's ids
   * @param length the padded length {@code S}
   * @param masks each row's image mask
   */
  static NDList build(
      NDManager manager,
      List<ImagePrompt> prompts,
      List<List<Integer>> sequences,
      int length,
      List<ImageMask> masks,
      TinyLvlmConfig config,
      int vocabulary) {
    int b = sequences.size();
    int p = config.imageTokens();
    int side = config.imageSide();
    int imageCount = 0;
    for (ImagePrompt prompt : prompts) {
      imageCount += prompt.images().size();
    }
    float[] pixels = new float[Math.max(1, imageCount) * 3 * side * side];
    long[] embedIndex = new long[b * length];
    float[] mask = new float[b * length * length];
    int imageBase = 0;
    for (int row = 0; row < b; row++) {
      ImagePrompt prompt = prompts.get(row);
      List<Integer> ids = sequences.get(row);
      for (int t = 0; t < ids.size(); t++) {
        embedIndex[row * length + t] = ids.get(t);
      }
      boolean[] hidden = new boolean[length];
      ImageMask imageMask = masks.get(row);
      @Nullable SplittableRandom keep =
          imageMask instanceof ImageMask.RandomKeep r ? new SplittableRandom(r.seed()) : null;
      for (int j = 0; j < prompt.spans().size(); j++) {
        ImageSpan span = prompt.spans().get(j);
        int image = imageBase + j;
        writePixels(prompt.images().get(j), side, pixels, image);
        for (int q = 0; q < span.length(); q++) {
          embedIndex[row * length + span.start() + q] = vocabulary + (long) image * p + q;
          if (keep != null
              && !(keep.nextDouble() < ((ImageMask.RandomKeep) imageMask).keepProbability())) {
            hidden[span.start() + q] = true;
          }
        }
      }
      imageBase += prompt.images().size();
      int base = row * length * length;
      int prefix = config.prefixAttention() ? prompt.length() : 0;
      for (int q = 0; q < length; q++) {
        for (int k = 0; k < length; k++) {
          if ((k > q && !(q < prefix && k < prefix)) || hidden[k]) {
            mask[base + q * length + k] = HIDDEN;
          }
        }
      }
    }
    return new NDList(
        manager.create(embedIndex),
        manager.create(pixels, new Shape(Math.max(1, imageCount), 3, side, side)),
        manager.create(mask, new Shape(b, 1, length, length)));
  }

  /** Writes an image as channel planes scaled to about [-2, 2]: (v - 127.5) / 64. */
  private static void writePixels(BufferedImage source, int side, float[] out, int image) {
    BufferedImage image1 =
        source.getWidth() == side && source.getHeight() == side
            ? source
            : Resize.toSize(source, side, side);
    int[] rgb = image1.getRGB(0, 0, side, side, null, 0, side);
    int plane = side * side;
    int base = image * 3 * plane;
    for (int i = 0; i < plane; i++) {
      out[base + i] = (((rgb[i] >> 16) & 0xFF) - 127.5f) / 64f;
      out[base + plane + i] = (((rgb[i] >> 8) & 0xFF) - 127.5f) / 64f;
      out[base + 2 * plane + i] = ((rgb[i] & 0xFF) - 127.5f) / 64f;
    }
  }
}
