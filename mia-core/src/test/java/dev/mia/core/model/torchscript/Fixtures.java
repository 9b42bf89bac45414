package dev.mia.core.model.torchscript;

import dev.mia.core.data.Conversation;
import dev.mia.core.data.Turn;
import dev.mia.core.model.Prompt;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

/**
 * The fixtures that mia-core/src/test/python/export_torchscript_fixture.py wrote, and the inputs
 * its golden numbers were computed on.
 */
final class Fixtures {
  private Fixtures() {}

  static Path resource(String name) {
    try {
      return Path.of(Fixtures.class.getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static WordLevelTokenizer tokenizer() {
    try {
      return WordLevelTokenizer.fromJson(resource("tokenizer.json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ResizeNormalize preprocessor() {
    return ResizeNormalize.builder(16, 16).sizePolicy(SizePolicy.REQUIRE_EXACT).build();
  }

  static TorchScriptVisionLanguageModelBuilder builder(String file) {
    return builder(resource(file));
  }

  static TorchScriptVisionLanguageModelBuilder builder(Path file) {
    return TorchScriptVisionLanguageModel.builder(file, tokenizer(), preprocessor())
        .imageGrid(4, 4)
        .beginToken("<s>")
        .endToken("</s>")
        .padToken("<pad>")
        .maxSequenceLength(64);
  }

  /** The script's test_image: pixel (x, y) = ((16x + shift) % 256, 16y % 256, 8(x + y) % 256). */
  static BufferedImage image(int shift) {
    BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 16; x++) {
        int r = (16 * x + shift) % 256;
        int g = (16 * y) % 256;
        int b = (8 * (x + y)) % 256;
        image.setRGB(x, y, (r << 16) | (g << 8) | b);
      }
    }
    return image;
  }

  /** The script's prompt 0: one image. */
  static Prompt circlePrompt() {
    return new Prompt(
        List.of(image(0)), Conversation.of(Turn.human("<image>\nwhat color is the circle?")));
  }

  /** The script's prompt 1: two images. */
  static Prompt twoImagePrompt() {
    return new Prompt(
        List.of(image(0), image(128)),
        Conversation.of(Turn.human("image 1: <image> image 2: <image> which image is this?")));
  }
}
