package dev.mia.selection.embed;

import static java.util.Objects.requireNonNull;

import com.google.common.hash.HashFunction;
import com.google.common.hash.Hashing;
import dev.mia.core.model.TextEmbedder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A lexical {@link TextEmbedder} by feature hashing, a stand-in for the all-mpnet-base-v2 sentence
 * embeddings BDHS uses (arXiv 2407.02477, section 3) that needs no model download.
 *
 * <h2>Features</h2>
 *
 * <ul>
 *   <li>Words: maximal runs of letters or digits ({@code [\p{L}\p{N}]+}), lower-cased with {@link
 *       Locale#ROOT}; every word (weight 1) and every pair of adjacent words (weight 1).
 *   <li>Character trigrams of the lower-cased words joined by single spaces and padded with a space
 *       at both ends (weight 0.5 each), so that inflections ("dog" and "dogs") stay close.
 * </ul>
 *
 * <p>Each feature is hashed with murmur3-32 (seed {@code 0x6D6961}, UTF-8 bytes, a kind prefix) to
 * a bucket in {@code [0, dimension)} and a sign from the hash's top bit (signed feature hashing,
 * Weinberger et al. 2009), and the vector is L2-normalised. A text with no letter or digit embeds
 * to all zeros, whose similarity to anything is 0.
 *
 * <p>It measures word overlap, not meaning: "a red bus" and "a crimson coach" are far apart, where
 * a neural embedder would put them close. Deterministic, immutable and thread-safe.
 */
public final class HashingEmbedder implements TextEmbedder {
  /** 1024 dimensions. */
  public static final HashingEmbedder DEFAULT = new HashingEmbedder(1024);

  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
  private static final HashFunction HASH = Hashing.murmur3_32_fixed(0x6D6961);

  private final int dimension;

  private HashingEmbedder(int dimension) {
    this.dimension = dimension;
  }

  /**
   * Creates an embedder.
   *
   * @param dimension the vector length, at least 16
   * @return the embedder
   */
  public static HashingEmbedder withDimension(int dimension) {
    if (dimension < 16) {
      throw new IllegalArgumentException("dimension must be >= 16, but is: " + dimension);
    }
    return new HashingEmbedder(dimension);
  }

  @Override
  public float[] embed(String text) {
    requireNonNull(text, "text");
    List<String> words = new ArrayList<>();
    Matcher matcher = WORD.matcher(text.toLowerCase(Locale.ROOT));
    while (matcher.find()) {
      words.add(matcher.group());
    }
    double[] vector = new double[dimension];
    for (int i = 0; i < words.size(); i++) {
      add(vector, "w:" + words.get(i), 1.0);
      if (i + 1 < words.size()) {
        add(vector, "b:" + words.get(i) + " " + words.get(i + 1), 1.0);
      }
    }
    if (!words.isEmpty()) {
      int[] joined = (" " + String.join(" ", words) + " ").codePoints().toArray();
      for (int i = 0; i + 3 <= joined.length; i++) {
        add(vector, "c:" + new String(joined, i, 3), 0.5);
      }
    }
    double norm = 0;
    for (double v : vector) {
      norm += v * v;
    }
    float[] out = new float[dimension];
    if (norm > 0) {
      double scale = 1 / Math.sqrt(norm);
      for (int i = 0; i < dimension; i++) {
        out[i] = (float) (vector[i] * scale);
      }
    }
    return out;
  }

  private void add(double[] vector, String feature, double weight) {
    int hash = HASH.hashString(feature, StandardCharsets.UTF_8).asInt();
    int bucket = Math.floorMod(hash, dimension);
    vector[bucket] += hash < 0 ? -weight : weight;
  }

  @Override
  public String toString() {
    return "HashingEmbedder(dimension=" + dimension + ", features=words+bigrams+char-trigrams)";
  }
}
