package dev.mia.core.model.torchscript;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mia.core.DataFormatException;
import dev.mia.core.model.TextTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A word-level tokenizer, read from a Hugging Face {@code tokenizer.json} whose model is {@code
 * WordLevel}; it needs no native library.
 *
 * <p>It behaves as Hugging Face's {@code WordLevel} model behind the {@code Whitespace}
 * pre-tokenizer, without normaliser: text is split into the runs matched by {@code \w+|[^\w\s]+}
 * (words, and runs of punctuation), each run is looked up in the vocabulary as it is
 * (case-sensitive), and a run not in the vocabulary becomes the {@code unk_token}. Decoding joins
 * the tokens with single spaces, as Hugging Face does without a decoder: {@code "the circle is
 * red."} encodes to {@code the, circle, is, red, .} and decodes to {@code "the circle is red ."}.
 *
 * <p>Immutable and thread-safe.
 */
public final class WordLevelTokenizer implements TextTokenizer {
  private static final Pattern WORDS = Pattern.compile("\\w+|[^\\w\\s]+");

  private final String id;
  private final Map<String, Integer> vocabulary;
  private final List<String> tokens;
  private final @Nullable Integer unknownId;

  private WordLevelTokenizer(
      String id, Map<String, Integer> vocabulary, List<String> tokens, @Nullable Integer unknown) {
    this.id = id;
    this.vocabulary = Map.copyOf(vocabulary);
    this.tokens = List.copyOf(tokens);
    this.unknownId = unknown;
  }

  /**
   * Reads a tokenizer from a Hugging Face {@code tokenizer.json} with a {@code WordLevel} model.
   *
   * @param file the {@code tokenizer.json}
   * @return the tokenizer, with id {@code word-level:<file name>:<vocabulary size>}
   * @throws IOException if the file cannot be read
   * @throws DataFormatException if it is not JSON, its model is not {@code WordLevel}, or its ids
   *     are not the dense range {@code 0..n-1}
   */
  public static WordLevelTokenizer fromJson(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return fromJson(in, file.toString());
    }
  }

  /**
   * Reads a tokenizer from a Hugging Face {@code tokenizer.json} stream with a {@code WordLevel}
   * model.
   *
   * @param json the JSON; not closed
   * @param source the name of the source, for messages and the id
   * @return the tokenizer, with id {@code word-level:<source file name>:<vocabulary size>}
   * @throws IOException if the stream cannot be read
   * @throws DataFormatException if it is not JSON, its model is not {@code WordLevel}, or its ids
   *     are not the dense range {@code 0..n-1}
   */
  public static WordLevelTokenizer fromJson(InputStream json, String source) throws IOException {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new DataFormatException(
          source,
          e.getLocation() == null ? -1 : e.getLocation().getLineNr(),
          e.getLocation() == null ? -1 : e.getLocation().getColumnNr(),
          -1,
          "not JSON: " + e.getOriginalMessage(),
          e);
    }
    JsonNode model = root == null ? null : root.get("model");
    String type = model == null ? null : model.path("type").asText(null);
    if (model == null || !"WordLevel".equals(type)) {
      throw problem(source, "model.type must be WordLevel, but is: " + type);
    }
    JsonNode vocab = model.get("vocab");
    if (vocab == null || !vocab.isObject() || vocab.isEmpty()) {
      throw problem(source, "model.vocab must be a non-empty object of token ids");
    }
    Map<String, Integer> ids = new HashMap<>();
    String[] byId = new String[vocab.size()];
    for (Iterator<Map.Entry<String, JsonNode>> it = vocab.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      int tokenId = e.getValue().asInt(-1);
      if (!e.getValue().isInt() || tokenId < 0 || tokenId >= byId.length || byId[tokenId] != null) {
        throw problem(
            source,
            "model.vocab ids must be the distinct integers 0.."
                + (byId.length - 1)
                + ", but token '"
                + e.getKey()
                + "' has id "
                + e.getValue());
      }
      byId[tokenId] = e.getKey();
      ids.put(e.getKey(), tokenId);
    }
    String unk = model.path("unk_token").asText(null);
    Integer unknown = null;
    if (unk != null) {
      unknown = ids.get(unk);
      if (unknown == null) {
        throw problem(source, "model.unk_token '" + unk + "' is not in model.vocab");
      }
    }
    String name = Path.of(source).getFileName().toString();
    return new WordLevelTokenizer(
        "word-level:" + name + ":" + byId.length, ids, List.of(byId), unknown);
  }

  private static DataFormatException problem(String source, String message) {
    return new DataFormatException(source, -1, -1, -1, message, null);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public int vocabularySize() {
    return tokens.size();
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if a word is not in the vocabulary and there is no unknown
   *     token
   */
  @Override
  public List<Integer> encode(String text) {
    requireNonNull(text, "text");
    List<Integer> out = new ArrayList<>();
    Matcher m = WORDS.matcher(text);
    while (m.find()) {
      Integer tokenId = vocabulary.get(m.group());
      if (tokenId == null) {
        if (unknownId == null) {
          throw new IllegalArgumentException(
              "word '" + m.group() + "' is not in the vocabulary and there is no unk_token");
        }
        tokenId = unknownId;
      }
      out.add(tokenId);
    }
    return List.copyOf(out);
  }

  @Override
  public String decode(List<Integer> ids) {
    StringBuilder text = new StringBuilder();
    for (int tokenId : ids) {
      if (tokenId < 0 || tokenId >= tokens.size()) {
        throw new IllegalArgumentException(
            "token ids must be in [0, " + tokens.size() + "), but one is: " + tokenId);
      }
      if (text.length() > 0) {
        text.append(' ');
      }
      text.append(tokens.get(tokenId));
    }
    return text.toString();
  }

  @Override
  public OptionalInt tokenId(String token) {
    Integer tokenId = vocabulary.get(token);
    return tokenId == null ? OptionalInt.empty() : OptionalInt.of(tokenId);
  }

  @Override
  public String toString() {
    return "WordLevelTokenizer[id=" + id + ", unknownId=" + unknownId + "]";
  }
}
