package dev.mia.selection.testing;

import dev.mia.core.data.ImageRef;
import dev.mia.core.data.SftSample;
import dev.mia.selection.SelectionInput;
import java.awt.image.BufferedImage;
import java.util.List;

/** Small selection inputs for tests. */
public final class Inputs {
  private Inputs() {}

  /** A one-image sample whose image is a white 2x2 picture. */
  public static SelectionInput single(String id, String question, String answer) {
    BufferedImage white = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 2; y++) {
      for (int x = 0; x < 2; x++) {
        white.setRGB(x, y, 0xFFFFFF);
      }
    }
    ImageRef ref = ImageRef.InMemory.of(white);
    return SelectionInput.of(SftSample.singleImage(id, ref, question, answer), List.of(white));
  }
}
