package dev.mia.examples.tiny;

import static java.util.Objects.requireNonNull;

import dev.mia.core.data.Conversation;
import dev.mia.core.model.TextTokenizer;
import dev.mia.examples.world.QuestionMaker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A word-level tokenizer over a closed vocabulary: the special tokens, the punctuation {@code . , ?
 * : ! ;} and the given words.
 *
 * <p>Encoding lower-cases the text, puts spaces around every {@code <image>} placeholder, splits on
 * whitespace, then splits each piece into runs of letters and digits and single punctuation
 * characters. A word outside the vocabulary throws {@link IllegalArgumentException} naming it: the
 * model only knows its world. Decoding joins words with single spaces and attaches punctuation to
 * the word before it; special tokens are skipped.
 *
 * <p>Ids: {@value #PAD} is 0, {@value #BOS} 1, {@value #EOS} 2, {@value #IMAGE} 3, {@value #USER}
 * 4, {@value #ASSISTANT} 5, then the punctuation, then the words in the given order.
 *
 * <p>It is the tiny model's {@link TextTokenizer} (the model-SPI type the TorchScript adapter takes
 * too).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class WordTokenizer implements TextTokenizer {
  /** The padding token, id 0. */
  public static final String PAD = "<pad>";

  /** The beginning-of-sequence token, id 1. */
  public static final String BOS = "<bos>";

  /** The end-of-sequence token, id 2. */
  public static final String EOS = "<eos>";

  /** The image placeholder token, id 3; each stands for an image's patch tokens. */
  public static final String IMAGE = Conversation.IMAGE_PLACEHOLDER;

  /** The role marker before a human turn, id 4. */
  public static final String USER = "USER:";

  /** The role marker before an assistant turn, id 5. */
  public static final String ASSISTANT = "ASSISTANT:";

  /** The number of special tokens, which come first. */
  public static final int SPECIAL_COUNT = 6;

  private static final String PUNCTUATION = ".,?:!;";

  private final List<String> tokens;
  private final Map<String, Integer> ids;

  private WordTokenizer(List<String> tokens) {
    this.tokens = List.copyOf(tokens);
    Map<String, Integer> map = new HashMap<>();
    for (int i = 0; i < this.tokens.size(); i++) {
      if (map.put(this.tokens.get(i), i) != null) {
        throw new IllegalArgumentException("duplicate token: " + this.tokens.get(i));
      }
    }
    this.ids = Map.copyOf(map);
  }

  /**
   * Creates a tokenizer over words.
   *
   * @param words the words, lower-case letters and digits, without duplicates
   * @return the tokenizer
   * @throws IllegalArgumentException if a word is not lower-case letters and digits or repeats
   */
  public static WordTokenizer of(List<String> words) {
    List<String> tokens = new ArrayList<>(List.of(PAD, BOS, EOS, IMAGE, USER, ASSISTANT));
    for (char c : PUNCTUATION.toCharArray()) {
      tokens.add(String.valueOf(c));
    }
    for (String word : words) {
      if (!word.matches("[a-z0-9]+")) {
        throw new IllegalArgumentException(
            "words must be lower-case letters and digits, but one is: " + word);
      }
      tokens.add(word);
    }
    return new WordTokenizer(tokens);
  }

  /**
   * Creates the tokenizer of the synthetic world: the words of {@link QuestionMaker#vocabulary()}.
   *
   * @return the tokenizer
   */
  public static WordTokenizer forWorld() {
    return of(QuestionMaker.vocabulary());
  }

  /**
   * Returns the vocabulary size {@code V}.
   *
   * @return the number of tokens
   */
  public int size() {
    return tokens.size();
  }

  /**
   * {@inheritDoc}
   *
   * <p>{@code tiny-words:<size>:<hash of the tokens in id order, hex>}.
   */
  @Override
  public String id() {
    return "tiny-words:" + tokens.size() + ":" + Integer.toHexString(tokens.hashCode());
  }

  /**
   * {@inheritDoc}
   *
   * <p>The same as {@link #size()}.
   */
  @Override
  public int vocabularySize() {
    return tokens.size();
  }

  @Override
  public OptionalInt tokenId(String token) {
    Integer id = ids.get(requireNonNull(token, "token"));
    return id == null ? OptionalInt.empty() : OptionalInt.of(id);
  }

  /**
   * Returns the words, without the special tokens and punctuation, in id order.
   *
   * @return the words
   */
  public List<String> words() {
    return tokens.subList(SPECIAL_COUNT + PUNCTUATION.length(), tokens.size());
  }

  /**
   * Returns a token's id.
   *
   * @param token the token, e.g. {@code circle} or {@value #EOS}
   * @return its id
   * @throws IllegalArgumentException if the token is not in the vocabulary
   */
  public int id(String token) {
    Integer id = ids.get(token);
    if (id == null) {
      throw new IllegalArgumentException("unknown token: " + token);
    }
    return id;
  }

  /**
   * Returns the token of an id.
   *
   * @param id the id, in {@code [0, size())}
   * @return the token
   * @throws IllegalArgumentException if the id is out of range
   */
  public String token(int id) {
    if (id < 0 || id >= tokens.size()) {
      throw new IllegalArgumentException("id must be in [0, " + tokens.size() + "), but is: " + id);
    }
    return tokens.get(id);
  }

  /**
   * Tells whether an id is a special token.
   *
   * @param id the id
   * @return whether it is one of the {@value #SPECIAL_COUNT} special tokens
   */
  public boolean isSpecial(int id) {
    return id >= 0 && id < SPECIAL_COUNT;
  }

  /**
   * Encodes text; each {@code <image>} becomes one {@value #IMAGE} token.
   *
   * @param text the text
   * @return the token ids
   * @throws IllegalArgumentException naming the word if a word is not in the vocabulary
   */
  @Override
  public List<Integer> encode(String text) {
    requireNonNull(text, "text");
    String spaced = text.replace(IMAGE, " " + IMAGE + " ").toLowerCase(Locale.ROOT);
    List<Integer> out = new ArrayList<>();
    for (String piece : spaced.trim().split("\\s+")) {
      if (piece.isEmpty()) {
        continue;
      }
      if (piece.equals(IMAGE)) {
        out.add(ids.get(IMAGE));
        continue;
      }
      int i = 0;
      while (i < piece.length()) {
        char c = piece.charAt(i);
        if (Character.isLetterOrDigit(c)) {
          int j = i;
          while (j < piece.length() && Character.isLetterOrDigit(piece.charAt(j))) {
            j++;
          }
          out.add(wordId(piece.substring(i, j), text));
          i = j;
        } else {
          out.add(wordId(String.valueOf(c), text));
          i++;
        }
      }
    }
    return List.copyOf(out);
  }

  private int wordId(String word, String text) {
    Integer id = ids.get(word);
    if (id == null || id < SPECIAL_COUNT) {
      throw new IllegalArgumentException(
          "the tiny model's vocabulary has no word '" + word + "' (in text: " + text + ")");
    }
    return id;
  }

  /**
   * Decodes ids to text, skipping special tokens.
   *
   * @param tokenIds the ids
   * @return the text, words separated by single spaces, punctuation attached to the word before
   * @throws IllegalArgumentException if an id is out of range
   */
  @Override
  public String decode(List<Integer> tokenIds) {
    StringBuilder text = new StringBuilder();
    for (int id : tokenIds) {
      String token = token(id);
      if (isSpecial(id)) {
        continue;
      }
      boolean punctuation = token.length() == 1 && PUNCTUATION.indexOf(token.charAt(0)) >= 0;
      if (text.length() > 0 && !punctuation) {
        text.append(' ');
      }
      text.append(token);
    }
    return text.toString();
  }

  @Override
  public String toString() {
    return "WordTokenizer[size=" + tokens.size() + "]";
  }
}
