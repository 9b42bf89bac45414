package dev.mia.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsTableTest {
  private static final Machine MACHINE = new Machine("Test CPU @ 1.00GHz", 2);

  @TempDir Path dir;

  private static Path fixture() throws URISyntaxException {
    return Path.of(ResultsTableTest.class.getResource("two-pairs.json").toURI());
  }

  @Test
  void renders_pairs_and_unpaired_results_of_a_jmh_file() throws URISyntaxException {
    // Expected figures by hand from two-pairs.json: 60.0/30.0 = 2.00, 120/240 = 0.50 (times);
    // 2500/1000 = 2.50 (throughput, mia over baseline). Three significant digits: 0.012345 ->
    // 0.0123, 12345.678 -> 12346; errors with the same decimals; "NaN" errors are left out.
    String markdown = ResultsTable.render(ResultsTable.read(fixture()), MACHINE);

    assertThat(markdown)
        .isEqualTo(
            """
            Machine: 2 cores, Test CPU @ 1.00GHz; JDK 17.0.15, OpenJDK 64-Bit Server VM 17.0.15+6.
            JMH: 1 fork, 2 warm-up iterations of 1 s, 3 measured iterations of 1 s; \
            score ± 99.9% confidence half-width.

            | benchmark | parameters | mia | baseline | unit | speed-up |
            |---|---|--:|--:|---|--:|
            | BlurBenchmark.blur | sigma=3 | 30.0 ± 0.7 | 60.0 ± 1.5 | ms/op | 2.00× |
            | BlurBenchmark.blur | sigma=8 | 240 ± 10 | 120 ± 4 | ms/op | 0.50× |
            | EditBenchmark.distance | — | 2500 | 1000 | ops/ms | 2.50× |

            Speed-up: how many times faster mia is than the baseline (above 1: mia is faster).

            Without a pair:

            | benchmark | parameters | score | unit |
            |---|---|--:|---|
            | EditBenchmark.mia_unmatched | — | 0.0123 ± 0.0005 | ops/ms |
            | EditBenchmark.helper | — | 12346 ± 100 | ops/ms |
            """);
  }

  @Test
  void reads_every_field_of_a_result() throws URISyntaxException {
    BenchmarkResult first = ResultsTable.read(fixture()).get(0);

    assertThat(first)
        .isEqualTo(
            new BenchmarkResult(
                "dev.mia.benchmarks.fake.BlurBenchmark.baseline_blur",
                "avgt",
                Map.of("sigma", "3"),
                60.0,
                1.5,
                "ms/op",
                "1 fork, 2 warm-up iterations of 1 s, 3 measured iterations of 1 s",
                "JDK 17.0.15, OpenJDK 64-Bit Server VM 17.0.15+6"));
    assertThat(first.method()).isEqualTo("baseline_blur");
    assertThat(first.simpleClassName()).isEqualTo("BlurBenchmark");
    assertThat(first.higherIsBetter()).isFalse();
  }

  @Test
  void rejects_a_pair_whose_units_differ() {
    BenchmarkResult mia = result("a.B.mia_x", "ms/op");
    BenchmarkResult baseline = result("a.B.baseline_x", "us/op");

    assertThatThrownBy(() -> ResultsTable.render(List.of(mia, baseline), MACHINE))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "a.B.mia_x and a.B.baseline_x must share mode and unit to be compared, but are: avgt"
                + " ms/op vs avgt us/op");
  }

  @Test
  void rejects_no_results() {
    assertThatThrownBy(() -> ResultsTable.render(List.of(), MACHINE))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("results must not be empty");
  }

  @Test
  void rejects_a_file_that_is_not_an_array() throws IOException {
    Path file = Files.writeString(dir.resolve("r.json"), "{\"benchmark\":\"x\"}");

    assertThatThrownBy(() -> ResultsTable.read(file))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "JMH results must be a JSON array, but " + file + " holds: {\"benchmark\":\"x\"}");
  }

  @Test
  void rejects_a_result_without_a_score() throws IOException {
    Path file = Files.writeString(dir.resolve("r.json"), "[{\"benchmark\":\"a.B.c\"}]");

    assertThatThrownBy(() -> ResultsTable.read(file))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "a JMH result needs 'benchmark' and 'primaryMetric.score', but "
                + file
                + " holds: {\"benchmark\":\"a.B.c\"}");
  }

  @Test
  void reports_a_file_that_is_not_json() throws IOException {
    Path file = Files.writeString(dir.resolve("r.json"), "[{");

    assertThatThrownBy(() -> ResultsTable.read(file))
        .isExactlyInstanceOf(UncheckedIOException.class)
        .hasMessage("cannot read JMH results from " + file);
  }

  @Test
  void main_rejects_a_wrong_number_of_arguments() {
    assertThatThrownBy(() -> ResultsTable.main(new String[0]))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("usage: ResultsTable <jmh-results.json>, but got 0 arguments");
  }

  private static BenchmarkResult result(String benchmark, String unit) {
    return new BenchmarkResult(benchmark, "avgt", Map.of(), 1.0, 0.1, unit, "s", "j");
  }
}
