package dev.mia.core.model.torchscript;

import static java.util.Objects.requireNonNull;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mia.core.DataFormatException;
import dev.mia.core.model.TextTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A real model's tokenizer, read from its Hugging Face {@code tokenizer.json} by DJL's Hugging Face
 * tokenizers binding (the Rust {@code tokenizers} library).
 *
 * <p>It works offline: the binding's jar carries the native library for linux-x86_64,
 * linux-aarch64, osx-aarch64 and win-x86_64 and extracts it to DJL's cache on first use. Encoding
 * adds no special tokens; decoding keeps them. The vocabulary size is one more than the largest id
 * in the file's {@code model.vocab} and {@code added_tokens}.
 *
 * <p>It holds a native handle: close it when done. Encoding and decoding are thread-safe.
 */
public final class HuggingFaceTextTokenizer implements TextTokenizer, AutoCloseable {
  private final HuggingFaceTokenizer tokenizer;
  private final String id;
  private final int vocabularySize;

  private HuggingFaceTextTokenizer(HuggingFaceTokenizer tokenizer, String id, int vocabularySize) {
    this.tokenizer = tokenizer;
    this.id = id;
    this.vocabularySize = vocabularySize;
  }

  /**
   * Loads a tokenizer from a {@code tokenizer.json}.
   *
   * @param file the {@code tokenizer.json}
   * @return the tokenizer, with id {@code huggingface:<file name>:<vocabulary size>}
   * @throws IOException if the file cannot be read
   * @throws DataFormatException if the file is not JSON or has no vocabulary
   */
  public static HuggingFaceTextTokenizer load(Path file) throws IOException {
    int size = vocabularySize(file);
    HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(file, Map.of());
    return new HuggingFaceTextTokenizer(
        tokenizer, "huggingface:" + file.getFileName() + ":" + size, size);
  }

  private static int vocabularySize(Path file) throws IOException {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(file.toFile());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new DataFormatException(
          file.toString(),
          e.getLocation() == null ? -1 : e.getLocation().getLineNr(),
          e.getLocation() == null ? -1 : e.getLocation().getColumnNr(),
          -1,
          "not JSON: " + e.getOriginalMessage(),
          e);
    }
    int max = -1;
    JsonNode vocab = root.path("model").path("vocab");
    if (vocab.isObject()) {
      for (Iterator<JsonNode> it = vocab.elements(); it.hasNext(); ) {
        max = Math.max(max, it.next().asInt(-1));
      }
    } else if (vocab.isArray()) {
      max = vocab.size() - 1;
    }
    for (JsonNode added : root.path("added_tokens")) {
      max = Math.max(max, added.path("id").asInt(-1));
    }
    if (max < 0) {
      throw new DataFormatException(
          file.toString(), -1, -1, -1, "model.vocab must hold at least one token", null);
    }
    return max + 1;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public int vocabularySize() {
    return vocabularySize;
  }

  @Override
  public List<Integer> encode(String text) {
    requireNonNull(text, "text");
    if (text.isEmpty()) {
      return List.of();
    }
    long[] ids = tokenizer.encode(text, false, false).getIds();
    List<Integer> out = new ArrayList<>(ids.length);
    for (long tokenId : ids) {
      out.add(Math.toIntExact(tokenId));
    }
    return List.copyOf(out);
  }

  @Override
  public String decode(List<Integer> ids) {
    long[] raw = new long[ids.size()];
    for (int i = 0; i < raw.length; i++) {
      int tokenId = ids.get(i);
      if (tokenId < 0 || tokenId >= vocabularySize) {
        throw new IllegalArgumentException(
            "token ids must be in [0, " + vocabularySize + "), but one is: " + tokenId);
      }
      raw[i] = tokenId;
    }
    return tokenizer.decode(raw, false);
  }

  @Override
  public OptionalInt tokenId(String token) {
    Encoding encoding = tokenizer.encode(token, false, false);
    long[] ids = encoding.getIds();
    if (ids.length == 1 && token.equals(encoding.getTokens()[0])) {
      return OptionalInt.of(Math.toIntExact(ids[0]));
    }
    return OptionalInt.empty();
  }

  /** Releases the native tokenizer. */
  @Override
  public void close() {
    tokenizer.close();
  }

  @Override
  public String toString() {
    return "HuggingFaceTextTokenizer[id=" + id + "]";
  }
}
