package dev.mia.loss.ddpo;

import static java.util.Objects.requireNonNull;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The token diff DDPO uses to find corrected segments (RLHF-V's {@code get_diff_ids} with {@code
 * min_match_size = 3}).
 *
 * <p>Every method that takes a pair takes it in the order {@code (chosen, rejected)}.
 *
 * <ol>
 *   <li>{@link #sequenceMatcherBlocks}: the same blocks as Python's {@code
 *       difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()}: recursively the
 *       longest common run (earliest in {@code a}, then in {@code b}, on ties) and the runs left
 *       and right of it, sorted, adjacent runs merged, and a final {@code (len a, len b, 0)}
 *       sentinel. Python's default {@code autojunk=True} only differs when {@code b} has 200 or
 *       more tokens and a token fills more than 1% of it; mia never applies that heuristic.
 *   <li>{@link #matchingBlocks}: the blocks of a pair as RLHF-V finds them, {@code
 *       SequenceMatcher(None, rejected, chosen)}, reported with {@code aStart} in the chosen and
 *       {@code bStart} in the rejected response.
 *   <li>{@link #changedTokens}: runs shorter than the minimum match size are dropped; each gap
 *       between consecutive kept runs (and before the first and after the last) that is non-empty
 *       in <em>both</em> sequences is a replacement, and its tokens are changed. Pure insertions
 *       and deletions are not.
 * </ol>
 *
 * <p>Cost: {@code O(|a| * occurrences)} per recursion level; fine for responses of thousands of
 * tokens.
 */
public final class TokenDiff {
  /** RLHF-V's minimum match size: common runs shorter than 3 tokens do not count as unchanged. */
  public static final int DEFAULT_MIN_MATCH_SIZE = 3;

  private TokenDiff() {}

  /**
   * The matching blocks of a pair as {@link #changedTokens} uses them: difflib's blocks of {@code
   * SequenceMatcher(None, rejected, chosen)} (RLHF-V's order, which decides ties), each reported in
   * this method's argument order: {@code aStart} in {@code chosen}, {@code bStart} in {@code
   * rejected}.
   *
   * @param chosen the chosen response's token ids
   * @param rejected the rejected response's token ids
   * @return the blocks in order, ending with the sentinel {@code (chosen.length, rejected.length,
   *     0)}
   */
  public static List<MatchingBlock> matchingBlocks(int[] chosen, int[] rejected) {
    requireNonNull(chosen, "chosen");
    requireNonNull(rejected, "rejected");
    List<MatchingBlock> swapped = new ArrayList<>();
    for (MatchingBlock block : sequenceMatcherBlocks(rejected, chosen)) {
      swapped.add(new MatchingBlock(block.bStart(), block.aStart(), block.size()));
    }
    return List.copyOf(swapped);
  }

  /**
   * Computes difflib's matching blocks of two token sequences (no junk heuristic), in difflib's own
   * argument order.
   *
   * @param a the first sequence
   * @param b the second sequence
   * @return the blocks in order, ending with the sentinel {@code (a.length, b.length, 0)}
   */
  public static List<MatchingBlock> sequenceMatcherBlocks(int[] a, int[] b) {
    requireNonNull(a, "a");
    requireNonNull(b, "b");
    Map<Integer, int[]> positions = positions(b);
    List<MatchingBlock> found = new ArrayList<>();
    Deque<int[]> queue = new ArrayDeque<>();
    queue.push(new int[] {0, a.length, 0, b.length});
    int[] lengths = new int[b.length + 1];
    int[] next = new int[b.length + 1];
    while (!queue.isEmpty()) {
      int[] range = queue.pop();
      MatchingBlock m = longestMatch(a, positions, range, lengths, next);
      if (m.size() > 0) {
        found.add(m);
        if (range[0] < m.aStart() && range[2] < m.bStart()) {
          queue.push(new int[] {range[0], m.aStart(), range[2], m.bStart()});
        }
        if (m.aStart() + m.size() < range[1] && m.bStart() + m.size() < range[3]) {
          queue.push(new int[] {m.aStart() + m.size(), range[1], m.bStart() + m.size(), range[3]});
        }
      }
    }
    found.sort(
        Comparator.comparingInt(MatchingBlock::aStart).thenComparingInt(MatchingBlock::bStart));
    List<MatchingBlock> merged = new ArrayList<>();
    for (MatchingBlock block : found) {
      if (!merged.isEmpty()) {
        MatchingBlock last = merged.get(merged.size() - 1);
        if (last.aStart() + last.size() == block.aStart()
            && last.bStart() + last.size() == block.bStart()) {
          merged.set(
              merged.size() - 1,
              new MatchingBlock(last.aStart(), last.bStart(), last.size() + block.size()));
          continue;
        }
      }
      merged.add(block);
    }
    merged.add(new MatchingBlock(a.length, b.length, 0));
    return List.copyOf(merged);
  }

  private static Map<Integer, int[]> positions(int[] b) {
    Map<Integer, List<Integer>> lists = new HashMap<>();
    for (int j = 0; j < b.length; j++) {
      lists.computeIfAbsent(b[j], k -> new ArrayList<>()).add(j);
    }
    Map<Integer, int[]> result = new HashMap<>();
    lists.forEach((k, v) -> result.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
    return result;
  }

  /**
   * difflib's {@code find_longest_match} without junk: dynamic programming over the run length
   * ending at {@code (i, j)}; {@code lengths[j + 1]} holds the previous row, {@code next} the
   * current one (only touched entries are reset).
   */
  private static MatchingBlock longestMatch(
      int[] a, Map<Integer, int[]> positions, int[] range, int[] lengths, int[] next) {
    int alo = range[0];
    int ahi = range[1];
    int blo = range[2];
    int bhi = range[3];
    int besti = alo;
    int bestj = blo;
    int bestSize = 0;
    int[] prevTouched = new int[0];
    int[] prev = lengths;
    int[] cur = next;
    for (int i = alo; i < ahi; i++) {
      int[] js = positions.getOrDefault(a[i], new int[0]);
      int[] touched = new int[js.length];
      int count = 0;
      for (int j : js) {
        if (j < blo) {
          continue;
        }
        if (j >= bhi) {
          break;
        }
        int k = prev[j] + 1; // prev[j] is the run ending at (i - 1, j - 1), stored at index j
        cur[j + 1] = k;
        touched[count++] = j + 1;
        if (k > bestSize) {
          besti = i - k + 1;
          bestj = j - k + 1;
          bestSize = k;
        }
      }
      for (int t : prevTouched) {
        prev[t] = 0;
      }
      prevTouched = Arrays.copyOf(touched, count);
      int[] swap = prev;
      prev = cur;
      cur = swap;
    }
    for (int t : prevTouched) {
      prev[t] = 0;
    }
    return new MatchingBlock(besti, bestj, bestSize);
  }

  /**
   * Marks the tokens of replaced segments in both sequences, with RLHF-V's minimum match size 3.
   *
   * @param chosen the chosen (corrected) response's token ids
   * @param rejected the rejected response's token ids
   * @return the changed-token flags of both responses
   */
  public static ChangedTokens changedTokens(int[] chosen, int[] rejected) {
    return changedTokens(chosen, rejected, DEFAULT_MIN_MATCH_SIZE);
  }

  /**
   * Marks the tokens of replaced segments in both sequences.
   *
   * @param chosen the chosen (corrected) response's token ids
   * @param rejected the rejected response's token ids
   * @param minMatchSize common runs shorter than this do not count as unchanged, {@code >= 1}
   * @return the changed-token flags of both responses
   * @throws IllegalArgumentException if minMatchSize is below 1
   */
  public static ChangedTokens changedTokens(int[] chosen, int[] rejected, int minMatchSize) {
    if (minMatchSize < 1) {
      throw new IllegalArgumentException("minMatchSize must be >= 1, but is: " + minMatchSize);
    }
    // RLHF-V diffs SequenceMatcher(None, rejected, chosen); matchingBlocks reports a = chosen.
    List<MatchingBlock> blocks = matchingBlocks(chosen, rejected);
    boolean[] rejectedChanged = new boolean[rejected.length];
    boolean[] chosenChanged = new boolean[chosen.length];
    int chosenFrom = 0;
    int rejectedFrom = 0;
    for (int k = 0; k < blocks.size(); k++) {
      MatchingBlock block = blocks.get(k);
      boolean sentinel = k == blocks.size() - 1;
      if (!sentinel && block.size() < minMatchSize) {
        continue;
      }
      if (block.aStart() > chosenFrom && block.bStart() > rejectedFrom) {
        Arrays.fill(chosenChanged, chosenFrom, block.aStart(), true);
        Arrays.fill(rejectedChanged, rejectedFrom, block.bStart(), true);
      }
      chosenFrom = block.aStart() + block.size();
      rejectedFrom = block.bStart() + block.size();
    }
    return new ChangedTokens(chosenChanged, rejectedChanged);
  }
}
