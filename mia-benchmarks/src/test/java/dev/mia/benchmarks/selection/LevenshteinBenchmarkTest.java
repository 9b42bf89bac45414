package dev.mia.benchmarks.selection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LevenshteinBenchmarkTest {
  @ParameterizedTest
  @ValueSource(ints = {64, 256, 1024})
  void mia_and_commons_text_agree_on_texts_about_a_fifth_apart(int length) {
    LevenshteinBenchmark benchmark = new LevenshteinBenchmark();
    benchmark.length = length;
    benchmark.setUp();

    int distance = benchmark.mia_levenshtein();

    assertThat(distance).isEqualTo(benchmark.baseline_levenshtein());
    // length / 5 edits, each changing the distance by at most one; some undo others.
    assertThat(distance).isBetween(length / 10, length / 5);
  }
}
