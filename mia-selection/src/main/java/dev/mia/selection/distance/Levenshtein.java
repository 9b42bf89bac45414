package dev.mia.selection.distance;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;

/**
 * Levenshtein edit distance: the least number of single-unit insertions, deletions and
 * substitutions that turn one sequence into the other, each costing 1.
 *
 * <h2>Units</h2>
 *
 * <ul>
 *   <li>Text ({@link #distance(CharSequence, CharSequence)}): Unicode code points, so a character
 *       outside the Basic Multilingual Plane (an emoji, a CJK extension ideograph), which Java
 *       stores as two {@code char}s, counts as one unit. No normalisation (NFC, case) is applied;
 *       callers normalise first if they want it.
 *   <li>Tokens ({@link #distance(int[], int[])}): arbitrary {@code int}s such as a tokenizer's ids.
 * </ul>
 *
 * <h2>Normalised distance (mia's definition)</h2>
 *
 * <p>{@code normalized(a, b) = distance(a, b) / max(|a|, |b|)}, lengths in the same units, and 0
 * when both are empty. It lies in [0, 1]: 0 for equal sequences, 1 when no unit can be kept in
 * place. MIA-DPO (arXiv 2410.17637) names an edit-distance filter but never published its
 * definition, so this one is mia's.
 *
 * <h2>Algorithm and cost</h2>
 *
 * <p>Myers' bit-vector algorithm (G. Myers, "A fast bit-vector algorithm for approximate string
 * matching based on dynamic programming", J. ACM 46(3), 1999) in Hyyrö's formulation for the global
 * distance (H. Hyyrö, "A bit-vector algorithm for computing Levenshtein and Damerau edit
 * distances", Nordic J. Computing 10, 2003). The shorter sequence is the pattern: up to 64 units it
 * fits one {@code long} and the cost is {@code O(n)} word operations for the longer length {@code
 * n}; beyond, the pattern is split into {@code ceil(m / 64)} blocks that pass their horizontal
 * deltas down, for {@code O(ceil(m / 64) n)}. Memory is {@code O(sigma ceil(m / 64))} words for the
 * {@code sigma} distinct units of the pattern.
 *
 * <p>All methods are pure and thread-safe.
 */
public final class Levenshtein {
  private Levenshtein() {}

  /**
   * Returns the edit distance between two texts, over Unicode code points.
   *
   * @param a the first text
   * @param b the second text
   * @return the number of code-point insertions, deletions and substitutions, at least 0
   */
  public static int distance(CharSequence a, CharSequence b) {
    requireNonNull(a, "a");
    requireNonNull(b, "b");
    return distance(a.codePoints().toArray(), b.codePoints().toArray());
  }

  /**
   * Returns the edit distance between two sequences of ints, such as token ids.
   *
   * @param a the first sequence; not modified
   * @param b the second sequence; not modified
   * @return the number of insertions, deletions and substitutions, at least 0
   */
  public static int distance(int[] a, int[] b) {
    requireNonNull(a, "a");
    requireNonNull(b, "b");
    int[] pattern = a.length <= b.length ? a : b;
    int[] text = a.length <= b.length ? b : a;
    if (pattern.length == 0) {
      return text.length;
    }
    PatternMasks masks = PatternMasks.of(pattern);
    return pattern.length <= Long.SIZE
        ? singleWord(masks, pattern.length, text)
        : blocked(masks, pattern.length, text);
  }

  /**
   * Returns the normalised edit distance between two texts: {@code distance / max(|a|, |b|)} in
   * code points, 0 when both are empty.
   *
   * @param a the first text
   * @param b the second text
   * @return the normalised distance, in [0, 1]
   */
  public static double normalized(CharSequence a, CharSequence b) {
    requireNonNull(a, "a");
    requireNonNull(b, "b");
    return normalized(a.codePoints().toArray(), b.codePoints().toArray());
  }

  /**
   * Returns the normalised edit distance between two int sequences: {@code distance / max(|a|,
   * |b|)}, 0 when both are empty.
   *
   * @param a the first sequence
   * @param b the second sequence
   * @return the normalised distance, in [0, 1]
   */
  public static double normalized(int[] a, int[] b) {
    int longest = Math.max(a.length, b.length);
    return longest == 0 ? 0.0 : distance(a, b) / (double) longest;
  }

  /** Myers/Hyyrö with the whole pattern in one word, {@code 1 <= m <= 64}. */
  private static int singleWord(PatternMasks masks, int m, int[] text) {
    long pv = -1L;
    long mv = 0L;
    long last = 1L << (m - 1);
    int score = m;
    for (int symbol : text) {
      long eq = masks.word(masks.offset(symbol), 0);
      long xv = eq | mv;
      long xh = (((eq & pv) + pv) ^ pv) | eq;
      long ph = mv | ~(xh | pv);
      long mh = pv & xh;
      if ((ph & last) != 0) {
        score++;
      } else if ((mh & last) != 0) {
        score--;
      }
      ph = (ph << 1) | 1L;
      mh <<= 1;
      pv = mh | ~(xv | ph);
      mv = ph & xv;
    }
    return score;
  }

  /** Myers' block-based variant: each block takes the horizontal delta of the block above. */
  private static int blocked(PatternMasks masks, int m, int[] text) {
    int words = masks.words();
    long[] pv = new long[words];
    long[] mv = new long[words];
    Arrays.fill(pv, -1L);
    long lastOfFinal = 1L << ((m - 1) % Long.SIZE);
    long top = 1L << (Long.SIZE - 1);
    int score = m;
    for (int symbol : text) {
      int offset = masks.offset(symbol);
      int carry = 1; // row 0 of the DP grows by 1 per column: D[0][j] = j
      for (int w = 0; w < words; w++) {
        long eq = masks.word(offset, w);
        long p = pv[w];
        long n = mv[w];
        long xv = eq | n;
        if (carry < 0) {
          eq |= 1L;
        }
        long xh = (((eq & p) + p) ^ p) | eq;
        long ph = n | ~(xh | p);
        long mh = p & xh;
        long last = w == words - 1 ? lastOfFinal : top;
        int out = (ph & last) != 0 ? 1 : (mh & last) != 0 ? -1 : 0;
        ph <<= 1;
        mh <<= 1;
        if (carry < 0) {
          mh |= 1L;
        } else if (carry > 0) {
          ph |= 1L;
        }
        pv[w] = mh | ~(xv | ph);
        mv[w] = ph & xv;
        carry = out;
      }
      score += carry;
    }
    return score;
  }
}
