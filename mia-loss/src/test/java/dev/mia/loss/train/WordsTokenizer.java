package dev.mia.loss.train;

import dev.mia.core.data.Turn;
import dev.mia.core.model.EncodedPrompt;
import dev.mia.core.model.ImageSpan;
import dev.mia.core.model.ImageSpans;
import dev.mia.core.model.ModelTokenizer;
import dev.mia.core.model.Prompt;
import java.util.ArrayList;
import java.util.List;

/**
 * A test tokenizer: one id per known word ({@code 10 + index} in {@link #WORDS}), {@code <bos>} 1,
 * each {@code <image>} expanded to {@code imageTokens} tokens of id 3, {@code <eos>} 2 after every
 * answer. With {@code reportSpans} false it "forgets" to report the image spans.
 */
final class WordsTokenizer implements ModelTokenizer {
  static final List<String> WORDS =
      List.of("what", "colour", "is", "the", "circle?", "red", "blue", "a", "big", "small", "ball");

  private final int imageTokens;
  private final boolean reportSpans;

  WordsTokenizer(int imageTokens, boolean reportSpans) {
    this.imageTokens = imageTokens;
    this.reportSpans = reportSpans;
  }

  @Override
  public String configId() {
    return "test/words/" + imageTokens;
  }

  @Override
  public EncodedPrompt encodePrompt(Prompt prompt) {
    List<Integer> ids = new ArrayList<>(List.of(1));
    List<ImageSpan> spans = new ArrayList<>();
    for (Turn turn : prompt.conversation().turns()) {
      for (String word : turn.text().split("\\s+")) {
        if (word.equals("<image>")) {
          spans.add(new ImageSpan(ids.size(), imageTokens, 1, imageTokens));
          for (int i = 0; i < imageTokens; i++) {
            ids.add(3);
          }
        } else {
          ids.add(id(word));
        }
      }
    }
    return new EncodedPrompt(ids, reportSpans ? new ImageSpans(spans) : ImageSpans.NONE);
  }

  @Override
  public List<Integer> encodeAnswer(String answer) {
    List<Integer> ids = new ArrayList<>();
    for (String word : answer.split("\\s+")) {
      ids.add(id(word));
    }
    return ids;
  }

  @Override
  public List<Integer> answerSuffix() {
    return List.of(2);
  }

  private static int id(String word) {
    int i = WORDS.indexOf(word);
    if (i < 0) {
      throw new IllegalArgumentException("no word '" + word + "'");
    }
    return 10 + i;
  }
}
