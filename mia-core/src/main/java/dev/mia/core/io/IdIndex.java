package dev.mia.core.io;

import com.google.common.hash.HashFunction;
import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;

/**
 * A compact map from record ids to a position (a record index or line number), keyed by a 64-bit
 * fingerprint of the id instead of the id itself, so that remembering the ids of a 665k-record
 * dataset costs about 12 MB instead of the 100 MB or more of a {@code HashMap<String, Long>}.
 *
 * <p>Open addressing with linear probing over a {@code long[]} of fingerprints and an {@code int[]}
 * of positions (positions must fit an int), load factor at most 3/4: 12 to 24 bytes per id. Two
 * different ids collide only if their FarmHash fingerprints (Guava's {@code farmHashFingerprint64},
 * stable across versions and machines) are equal: with {@code n} ids the chance that any two
 * collide is about {@code n^2 / 2^65}, under 1e-7 for a million ids; a collision would make a new
 * id look already seen.
 *
 * <p>Not thread-safe.
 */
final class IdIndex {
  private static final HashFunction FINGERPRINT = Hashing.farmHashFingerprint64();
  private static final long EMPTY = 0L;
  private static final long NONE = Long.MIN_VALUE;

  private long[] keys = new long[1024];
  private int[] values = new int[1024];
  private int size;

  /**
   * Records an id with its position, unless it is already present.
   *
   * @return {@link #NONE} if the id is new, else the position it was first recorded with
   */
  long putIfAbsent(String id, long position) {
    if (4 * (size + 1) > 3 * keys.length) {
      grow();
    }
    long key = fingerprint(id);
    int mask = keys.length - 1;
    for (int slot = spread(key) & mask; ; slot = (slot + 1) & mask) {
      if (keys[slot] == EMPTY) {
        keys[slot] = key;
        values[slot] = Math.toIntExact(position);
        size++;
        return NONE;
      }
      if (keys[slot] == key) {
        return values[slot];
      }
    }
  }

  /** Tells whether an id is present. */
  boolean contains(String id) {
    long key = fingerprint(id);
    int mask = keys.length - 1;
    for (int slot = spread(key) & mask; keys[slot] != EMPTY; slot = (slot + 1) & mask) {
      if (keys[slot] == key) {
        return true;
      }
    }
    return false;
  }

  /** Returns the number of ids recorded. */
  int size() {
    return size;
  }

  /** Tells whether a value returned by {@link #putIfAbsent} means "the id was new". */
  static boolean isNew(long previous) {
    return previous == NONE;
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new int[oldKeys.length * 2];
    int mask = keys.length - 1;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != EMPTY) {
        int slot = spread(oldKeys[i]) & mask;
        while (keys[slot] != EMPTY) {
          slot = (slot + 1) & mask;
        }
        keys[slot] = oldKeys[i];
        values[slot] = oldValues[i];
      }
    }
  }

  private static long fingerprint(String id) {
    long key = FINGERPRINT.hashString(id, StandardCharsets.UTF_8).asLong();
    return key == EMPTY ? 1L : key; // 0 marks an empty slot
  }

  private static int spread(long key) {
    return (int) (key ^ (key >>> 32));
  }

  @Override
  public String toString() {
    return "IdIndex(size=" + size + ", capacity=" + keys.length + ")";
  }
}
