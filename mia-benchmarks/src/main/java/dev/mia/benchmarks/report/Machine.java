package dev.mia.benchmarks.report;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The machine a run was measured on, for the header of the results: absolute times only mean
 * something next to it.
 *
 * @param cpuModel the CPU model, e.g. {@code Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz}
 * @param cores the number of cores the JVM may use
 */
public record Machine(String cpuModel, int cores) {
  /**
   * Validates the components; see the type's documentation for the rules.
   *
   * @param cpuModel the CPU model
   * @param cores the number of cores the JVM may use, at least 1
   */
  public Machine {
    requireNonNull(cpuModel, "cpuModel");
    if (cores < 1) {
      throw new IllegalArgumentException("cores must be >= 1, but is: " + cores);
    }
  }

  /**
   * Describes this machine: the first {@code model name} of {@code /proc/cpuinfo} (the JVM's {@code
   * os.arch} where there is none) and the processors available to this JVM.
   *
   * @return the description
   */
  public static Machine thisMachine() {
    Path cpuinfo = Path.of("/proc/cpuinfo");
    String model = System.getProperty("os.arch", "unknown CPU");
    if (Files.isReadable(cpuinfo)) {
      try {
        model = cpuModel(Files.readAllLines(cpuinfo, StandardCharsets.UTF_8), model);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + cpuinfo, e);
      }
    }
    return new Machine(model, Runtime.getRuntime().availableProcessors());
  }

  /**
   * Finds the CPU model in the lines of {@code /proc/cpuinfo}.
   *
   * @param cpuinfo the lines
   * @param fallback what to return when no line starts with {@code model name}
   * @return the first model name, trimmed, or the fallback
   */
  static String cpuModel(List<String> cpuinfo, String fallback) {
    for (String line : cpuinfo) {
      int colon = line.indexOf(':');
      if (line.startsWith("model name") && colon > 0) {
        return line.substring(colon + 1).trim();
      }
    }
    return fallback;
  }
}
