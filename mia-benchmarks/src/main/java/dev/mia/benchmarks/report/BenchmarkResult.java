package dev.mia.benchmarks.report;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One benchmark's primary result from a JMH run.
 *
 * @param benchmark the fully qualified benchmark, e.g. {@code
 *     dev.mia.benchmarks.image.ResizeBenchmark.mia_resizeToFit}
 * @param mode JMH's mode: {@code thrpt}, {@code avgt}, {@code sample} or {@code ss}
 * @param params the parameter values, in JMH's order; copied
 * @param score the score
 * @param scoreError the half-width of the 99.9% confidence interval; NaN with fewer than two
 *     iterations
 * @param unit the score's unit, e.g. {@code ms/op} or {@code ops/s}
 * @param settings the run's settings as one phrase, e.g. {@code 1 fork, 2 warm-up iterations of 1
 *     s, 3 iterations of 1 s}
 * @param jvm the JVM that ran it, e.g. {@code JDK 17.0.15, OpenJDK 64-Bit Server VM}
 */
public record BenchmarkResult(
    String benchmark,
    String mode,
    Map<String, String> params,
    double score,
    double scoreError,
    String unit,
    String settings,
    String jvm) {
  /**
   * Validates the components; see the type's documentation for the rules.
   *
   * @param benchmark the fully qualified benchmark
   * @param mode JMH's mode
   * @param params the parameter values, in JMH's order; copied
   * @param score the score
   * @param scoreError the half-width of the 99.9% confidence interval, or NaN
   * @param unit the score's unit
   * @param settings the run's settings as one phrase
   * @param jvm the JVM that ran it
   */
  public BenchmarkResult {
    requireNonNull(benchmark, "benchmark");
    requireNonNull(mode, "mode");
    requireNonNull(unit, "unit");
    requireNonNull(settings, "settings");
    requireNonNull(jvm, "jvm");
    if (benchmark.lastIndexOf('.') <= 0) {
      throw new IllegalArgumentException(
          "benchmark must be a qualified method name, but is: " + benchmark);
    }
    params = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(params, "params")));
  }

  /**
   * Returns the method name, e.g. {@code mia_resizeToFit}.
   *
   * @return the part after the last dot
   */
  public String method() {
    return benchmark.substring(benchmark.lastIndexOf('.') + 1);
  }

  /**
   * Returns the class's simple name, e.g. {@code ResizeBenchmark}.
   *
   * @return the simple name of the class declaring the benchmark
   */
  public String simpleClassName() {
    String type = benchmark.substring(0, benchmark.lastIndexOf('.'));
    return type.substring(type.lastIndexOf('.') + 1);
  }

  /**
   * Tells whether a higher score is better: true in throughput mode, false for times per operation.
   *
   * @return true for {@code thrpt}
   */
  public boolean higherIsBetter() {
    return mode.equals("thrpt");
  }
}
