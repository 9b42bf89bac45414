package dev.mia.core.model;

/**
 * Embeds sentences so that their similarity can be measured: BDHS (arXiv 2407.02477, section 3)
 * resamples a rejected answer while its cosine similarity to the chosen one is at least 0.97 (with
 * all-mpnet-base-v2 embeddings in the paper).
 *
 * <p>Implementations are deterministic and thread-safe.
 */
public interface TextEmbedder {

  /**
   * Embeds a text.
   *
   * @param text the text
   * @return its embedding; every call for the same text returns an equal vector of the same length
   */
  float[] embed(String text);

  /**
   * Returns the cosine similarity of two texts' embeddings: {@code a.b / (|a| |b|)}, and 0 if
   * either embedding is all zeros.
   *
   * @param first the first text
   * @param second the second text
   * @return the similarity, in [-1, 1]
   */
  default double similarity(String first, String second) {
    float[] a = embed(first);
    float[] b = embed(second);
    if (a.length != b.length) {
      throw new IllegalStateException(
          "embeddings differ in length: " + a.length + " vs " + b.length);
    }
    double dot = 0;
    double normA = 0;
    double normB = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      normA += (double) a[i] * a[i];
      normB += (double) b[i] * b[i];
    }
    if (normA == 0 || normB == 0) {
      return 0;
    }
    return Math.max(-1, Math.min(1, dot / Math.sqrt(normA * normB)));
  }
}
