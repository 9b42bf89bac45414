package dev.mia.examples.tiny;

import dev.mia.core.data.Role;
import dev.mia.core.data.Turn;
import dev.mia.core.model.ImageSpan;
import dev.mia.core.model.Prompt;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * A prompt laid out by the tiny model's template, with each {@code <image>} expanded to the image's
 * patch tokens.
 *
 * <p>Template: {@code <bos> USER: q1 ASSISTANT: a1 <eos> USER: q2 ASSISTANT:}; the answer to score
 * or generate follows, and in training an {@code <eos>} after it.
 */
record EncodedPrompt(List<Integer> ids, List<ImageSpan> spans, List<BufferedImage> images) {

  EncodedPrompt {
    ids = List.copyOf(ids);
    spans = List.copyOf(spans);
    images = List.copyOf(images);
  }

  static EncodedPrompt of(Prompt prompt, WordTokenizer tokenizer, TinyLvlmConfig config) {
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
    return new EncodedPrompt(ids, spans, prompt.images());
  }

  int length() {
    return ids.size();
  }
}
