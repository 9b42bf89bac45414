package dev.mia.benchmarks.selection;

import dev.mia.selection.distance.Levenshtein;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Levenshtein distance between two ASCII texts of {@code length} characters that differ by about
 * 20% edits: {@link Levenshtein#distance(CharSequence, CharSequence)} (Myers/Hyyrö bit-parallel,
 * over code points) against Apache Commons Text's {@code
 * LevenshteinDistance.getDefaultInstance().apply(a, b)} (two-row dynamic programming, {@code O(nm)}
 * cells).
 *
 * <p>The first text draws from lower-case letters and spaces (27 symbols, like prose); the second
 * applies {@code length / 5} random substitutions, insertions and deletions to it. Seed 2024.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LevenshteinBenchmark {
  /** The length of the first text, in characters. */
  @Param({"64", "256", "1024"})
  public int length;

  private final LevenshteinDistance commons = LevenshteinDistance.getDefaultInstance();
  private String a = "";
  private String b = "";

  /** Creates the benchmark; JMH calls it. */
  public LevenshteinBenchmark() {}

  /** Draws the two texts. */
  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(2024);
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append(letter(random));
    }
    a = text.toString();
    for (int edit = 0; edit < length / 5; edit++) {
      int at = random.nextInt(text.length());
      switch (random.nextInt(3)) {
        case 0 -> text.setCharAt(at, letter(random));
        case 1 -> text.insert(at, letter(random));
        default -> text.deleteCharAt(at);
      }
    }
    b = text.toString();
  }

  private static char letter(SplittableRandom random) {
    int k = random.nextInt(27);
    return k == 26 ? ' ' : (char) ('a' + k);
  }

  /**
   * mia: bit-parallel.
   *
   * @return the distance
   */
  @Benchmark
  public int mia_levenshtein() {
    return Levenshtein.distance(a, b);
  }

  /**
   * Baseline: Commons Text.
   *
   * @return the distance
   */
  @Benchmark
  public int baseline_levenshtein() {
    return commons.apply(a, b);
  }
}
