package dev.mia.core.model.torchscript;

import dev.mia.core.data.Conversation;
import dev.mia.core.model.ChatTemplate;
import dev.mia.core.model.EncodedPrompt;
import dev.mia.core.model.ImageMask;
import dev.mia.core.model.ImageSpan;
import dev.mia.core.model.ImageSpans;
import dev.mia.core.model.Prompt;
import dev.mia.core.model.TextTokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Renders, tokenizes and expands prompts; draws BDHS image masks. */
final class PromptEncoder {
  private final TextTokenizer tokenizer;
  private final ChatTemplate template;
  private final int imageTokenId;
  private final int gridHeight;
  private final int gridWidth;
  private final @Nullable Integer beginId;

  PromptEncoder(
      TextTokenizer tokenizer,
      ChatTemplate template,
      int imageTokenId,
      int gridHeight,
      int gridWidth,
      @Nullable Integer beginId) {
    this.tokenizer = tokenizer;
    this.template = template;
    this.imageTokenId = imageTokenId;
    this.gridHeight = gridHeight;
    this.gridWidth = gridWidth;
    this.beginId = beginId;
  }

  /**
   * Encodes a prompt: the begin token if any, then the rendered text split at each {@code <image>},
   * the pieces tokenized one by one, each placeholder replaced by {@code gridHeight * gridWidth}
   * copies of the image token.
   */
  EncodedPrompt encode(Prompt prompt) {
    String text = template.render(prompt.conversation());
    List<Integer> ids = new ArrayList<>();
    if (beginId != null) {
      ids.add(beginId);
    }
    List<ImageSpan> spans = new ArrayList<>();
    String[] pieces = text.split(Pattern.quote(Conversation.IMAGE_PLACEHOLDER), -1);
    if (pieces.length - 1 != prompt.images().size()) {
      throw new IllegalArgumentException(
          "the chat template must keep one "
              + Conversation.IMAGE_PLACEHOLDER
              + " per image ("
              + prompt.images().size()
              + "), but the rendered prompt has "
              + (pieces.length - 1));
    }
    for (int i = 0; i < pieces.length; i++) {
      if (i > 0) {
        spans.add(new ImageSpan(ids.size(), gridHeight * gridWidth, gridHeight, gridWidth));
        for (int k = 0; k < gridHeight * gridWidth; k++) {
          ids.add(imageTokenId);
        }
      }
      ids.addAll(tokenizer.encode(pieces[i]));
    }
    return new EncodedPrompt(ids, new ImageSpans(spans));
  }

  /**
   * Returns, per row, which positions are hidden keys: for {@link ImageMask.RandomKeep}, a
   * generator seeded with the row's mask's seed draws, image token by image token in sequence
   * order, {@code nextDouble() < keepProbability} to keep the token visible; every row draws
   * afresh, so a row's mask does not depend on its batch (the {@link ImageMask.RandomKeep}
   * contract).
   *
   * @param masks each row's mask, as many as prompts
   */
  static List<boolean[]> hiddenKeys(List<EncodedPrompt> prompts, List<ImageMask> masks) {
    List<boolean[]> out = new ArrayList<>();
    for (int row = 0; row < prompts.size(); row++) {
      EncodedPrompt p = prompts.get(row);
      boolean[] hidden = new boolean[p.ids().size()];
      if (masks.get(row) instanceof ImageMask.RandomKeep keep) {
        SplittableRandom random = new SplittableRandom(keep.seed());
        for (ImageSpan span : p.imageSpans().spans()) {
          for (int pos = span.start(); pos < span.end(); pos++) {
            hidden[pos] = !(random.nextDouble() < keep.keepProbability());
          }
        }
      }
      out.add(hidden);
    }
    return out;
  }

  /** Returns every image's span of a batch, with the row each belongs to. */
  static List<long[]> imagePositions(List<ImageSpans> rows) {
    List<long[]> out = new ArrayList<>();
    for (int b = 0; b < rows.size(); b++) {
      for (ImageSpan span : rows.get(b).spans()) {
        out.add(new long[] {b, span.start()});
      }
    }
    return out;
  }
}
