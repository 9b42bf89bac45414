package dev.mia.selection.distance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LevenshteinTest {

  /** The textbook two-row dynamic programme, the reference the bit-parallel code must match. */
  private static int reference(int[] a, int[] b) {
    int[] previous = new int[b.length + 1];
    int[] current = new int[b.length + 1];
    for (int j = 0; j <= b.length; j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length; i++) {
      current[0] = i;
      for (int j = 1; j <= b.length; j++) {
        int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length];
  }

  private static String randomText(SplittableRandom random, int length, int alphabet) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < length; i++) {
      int kind = random.nextInt(10);
      if (kind < 7) {
        text.append((char) ('a' + random.nextInt(alphabet)));
      } else if (kind < 9) {
        text.appendCodePoint(0x1F600 + random.nextInt(alphabet)); // emoji, outside the BMP
      } else {
        text.append((char) (0x4E00 + random.nextInt(alphabet))); // CJK, inside the BMP
      }
    }
    return text.toString();
  }

  @Test
  void matches_dynamic_programming_on_random_texts_of_length_0_to_300() {
    SplittableRandom random = new SplittableRandom(20241017L);
    for (int trial = 0; trial < 3000; trial++) {
      int alphabet = 1 + random.nextInt(trial % 3 == 0 ? 3 : 26);
      String a = randomText(random, random.nextInt(301), alphabet);
      String b =
          trial % 4 == 0
              ? mutate(random, a, alphabet)
              : randomText(random, random.nextInt(301), alphabet);
      int expected = reference(a.codePoints().toArray(), b.codePoints().toArray());
      assertThat(Levenshtein.distance(a, b))
          .as("trial %d: '%s' vs '%s'", trial, a, b)
          .isEqualTo(expected);
    }
  }

  private static String mutate(SplittableRandom random, String text, int alphabet) {
    StringBuilder out = new StringBuilder(text);
    int edits = random.nextInt(10);
    for (int e = 0; e < edits && out.length() > 0; e++) {
      int at = random.nextInt(out.length());
      if (Character.isSurrogate(out.charAt(at))) {
        continue;
      }
      out.setCharAt(at, (char) ('a' + random.nextInt(alphabet)));
    }
    return out.toString();
  }

  @Test
  void matches_dynamic_programming_on_random_token_ids_around_block_edges() {
    SplittableRandom random = new SplittableRandom(7L);
    int[] lengths = {0, 1, 63, 64, 65, 127, 128, 129, 200, 300};
    for (int trial = 0; trial < 1000; trial++) {
      int[] a = randomIds(random, lengths[random.nextInt(lengths.length)]);
      int[] b = randomIds(random, lengths[random.nextInt(lengths.length)]);
      assertThat(Levenshtein.distance(a, b)).as("trial %d", trial).isEqualTo(reference(a, b));
    }
  }

  private static int[] randomIds(SplittableRandom random, int length) {
    int[] ids = new int[length];
    int vocabulary = 1 + random.nextInt(40);
    for (int i = 0; i < length; i++) {
      // Large and negative ids exercise the hashed masks, small ones the direct table.
      ids[i] =
          random.nextBoolean()
              ? random.nextInt(vocabulary)
              : 100_000 - random.nextInt(vocabulary) * 7919;
    }
    return ids;
  }

  @Test
  void counts_a_non_bmp_character_once() {
    // "a😀b" -> "ab": one code point deleted, though it is two Java chars.
    assertThat(Levenshtein.distance("a\uD83D\uDE00b", "ab")).isEqualTo(1);
    assertThat(Levenshtein.distance("\uD83D\uDE00", "\uD83D\uDE01")).isEqualTo(1);
  }

  @Test
  void gives_textbook_distances() {
    // kitten -> sitting: k->s, e->i, insert g (the classic example).
    assertThat(Levenshtein.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(Levenshtein.distance("", "abc")).isEqualTo(3);
    assertThat(Levenshtein.distance("abc", "")).isEqualTo(3);
    assertThat(Levenshtein.distance("", "")).isZero();
    assertThat(Levenshtein.distance("same", "same")).isZero();
  }

  @Test
  void normalises_by_the_longer_length() {
    // 3 edits over max(6, 7) = 7 code points.
    assertThat(Levenshtein.normalized("kitten", "sitting")).isCloseTo(3.0 / 7.0, within(1e-12));
    assertThat(Levenshtein.normalized("", "")).isZero();
    assertThat(Levenshtein.normalized("abc", "")).isEqualTo(1.0);
    assertThat(Levenshtein.normalized(new int[] {1, 2}, new int[] {1, 2})).isZero();
    assertThat(Levenshtein.normalized(new int[] {1, 2}, new int[] {3})).isEqualTo(1.0);
  }
}
