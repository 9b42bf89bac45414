package dev.mia.examples.tiny;

import dev.mia.core.data.Role;
import dev.mia.core.data.Turn;
import dev.mia.core.model.EncodedPrompt;
import dev.mia.core.model.ImageSpan;
import dev.mia.core.model.ImageSpans;
import dev.mia.core.model.Prompt;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * A prompt laid out by the tiny model's template, with each {@code <image>} expanded to the image's
 * patch tokens (mia-core's {@link EncodedPrompt}), and the images whose pixels fill those tokens.
 *
 * <p>Template: {@code <bos> USER: q1 ASSISTANT: a1 <eos> USER: q2 ASSISTANT:}; the answer to score
 * or generate follows, and in training an {@code <eos>} after it.
 */
record ImagePrompt(EncodedPrompt encoded, List<BufferedImage> images) {

  ImagePrompt {
    images = List.copyOf(images);
  }

  static ImagePrompt of(Prompt prompt, WordTokenizer tokenizer, TinyLvlmConfig config) {
    int imageId = tokenizer.id(WordTokenizer.IMAGE);
    List<Integer> ids = new ArrayList<>();
    List<ImageSpan> spans = new ArrayList<>();
    ids.add(tokenizer.id(WordTokenizer.BOS));
    for (Turn turn : prompt.conversation().turns()) {
      boolean human = turn.role() == Role.HUMAN;
      ids.add(tokenizer.id(human ? WordTokenizer.USER : WordTokenizer.ASSISTANT));
      for (int id : tokenizer.encode(turn.text())) {
        if (id == imageId) {
          spans.add(ImageSpan.square(ids.size(), config.gridSide()));
          for (int p = 0; p < config.imageTokens(); p++) {
            ids.add(imageId);
          }
        } else {
          ids.add(id);
        }
      }
      if (!human) {
        ids.add(tokenizer.id(WordTokenizer.EOS));
      }
    }
    ids.add(tokenizer.id(WordTokenizer.ASSISTANT));
    return new ImagePrompt(new EncodedPrompt(ids, new ImageSpans(spans)), prompt.images());
  }

  List<Integer> ids() {
    return encoded.ids();
  }

  List<ImageSpan> spans() {
    return encoded.imageSpans().spans();
  }

  int length() {
    return encoded.length();
  }
}
