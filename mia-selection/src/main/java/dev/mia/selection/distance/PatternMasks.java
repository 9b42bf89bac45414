package dev.mia.selection.distance;

import java.util.Arrays;

/**
 * The match masks {@code Peq} of a pattern: for each distinct unit, the bit set of the positions
 * where it occurs, split into 64-bit words. Units are looked up in a direct table when every unit
 * is in {@code [0, 256)}, otherwise in an open-addressing hash table.
 */
final class PatternMasks {
  private static final int DIRECT_LIMIT = 256;

  private final int words;
  private final long[] masks;
  private final int[] keys;
  private final int[] slots;
  private final int hashMask;
  private final boolean direct;

  private PatternMasks(int words, long[] masks, int[] keys, int[] slots, boolean direct) {
    this.words = words;
    this.masks = masks;
    this.keys = keys;
    this.slots = slots;
    this.hashMask = keys.length - 1;
    this.direct = direct;
  }

  static PatternMasks of(int[] pattern) {
    int words = (pattern.length + Long.SIZE - 1) / Long.SIZE;
    boolean direct = true;
    for (int unit : pattern) {
      if (unit < 0 || unit >= DIRECT_LIMIT) {
        direct = false;
        break;
      }
    }
    if (direct) {
      long[] masks = new long[DIRECT_LIMIT * words];
      for (int i = 0; i < pattern.length; i++) {
        masks[pattern[i] * words + i / Long.SIZE] |= 1L << (i % Long.SIZE);
      }
      return new PatternMasks(words, masks, new int[1], new int[1], true);
    }
    int capacity = Integer.highestOneBit(Math.max(2, pattern.length) * 2 - 1) << 1;
    int[] keys = new int[capacity];
    int[] slots = new int[capacity];
    Arrays.fill(slots, -1);
    long[] masks = new long[pattern.length * words];
    int distinct = 0;
    for (int i = 0; i < pattern.length; i++) {
      int unit = pattern[i];
      int at = mix(unit) & (capacity - 1);
      while (slots[at] >= 0 && keys[at] != unit) {
        at = (at + 1) & (capacity - 1);
      }
      if (slots[at] < 0) {
        keys[at] = unit;
        slots[at] = distinct++;
      }
      masks[slots[at] * words + i / Long.SIZE] |= 1L << (i % Long.SIZE);
    }
    return new PatternMasks(words, masks, keys, slots, false);
  }

  int words() {
    return words;
  }

  /**
   * Returns where the masks of {@code unit} start, for {@link #word(int, int)}; -1 for a unit not
   * in the pattern.
   */
  int offset(int unit) {
    if (direct) {
      return unit >= 0 && unit < DIRECT_LIMIT ? unit * words : -1;
    }
    int at = mix(unit) & hashMask;
    while (true) {
      int slot = slots[at];
      if (slot < 0) {
        return -1;
      }
      if (keys[at] == unit) {
        return slot * words;
      }
      at = (at + 1) & hashMask;
    }
  }

  /** Returns word {@code w} of the masks starting at {@code offset}; 0 for offset -1. */
  long word(int offset, int w) {
    return offset < 0 ? 0L : masks[offset + w];
  }

  private static int mix(int key) {
    int h = key * 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
