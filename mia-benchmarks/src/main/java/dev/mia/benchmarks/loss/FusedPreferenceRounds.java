package dev.mia.benchmarks.loss;

import ai.djl.ndarray.NDManager;
import com.sun.management.OperatingSystemMXBean;
import dev.mia.loss.fused.FusedPreferenceKernel;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Times {@link FusedPreferenceBenchmark}'s two approaches in alternating rounds (naive, then fused,
 * in each round) in one JVM, reporting wall time and the process's CPU time per call and the median
 * of the per-round ratios. On a shared machine whose load changes from second to second,
 * alternating keeps both approaches under the same load, and CPU time (the work done, summed over
 * PyTorch's threads) is far steadier than wall time; JMH, which runs one benchmark after the other,
 * cannot do either.
 *
 * <p>Run it as {@code java -cp benchmarks.jar dev.mia.benchmarks.loss.FusedPreferenceRounds [B T H
 * V rounds]} (default 4 512 512 32000 5); it prints a Markdown table.
 */
public final class FusedPreferenceRounds {
  private FusedPreferenceRounds() {}

  /**
   * Runs the rounds and prints the table.
   *
   * @param args nothing, or B, T, H, V and the number of rounds
   * @throws IllegalArgumentException if the arguments are not nothing or five positive integers
   * @throws IllegalStateException if the JVM cannot report its process CPU time
   */
  public static void main(String[] args) {
    int[] v = {4, 512, 512, 32000, 5};
    if (args.length == 5) {
      for (int i = 0; i < 5; i++) {
        v[i] = Integer.parseInt(args[i]);
        if (v[i] < 1) {
          throw new IllegalArgumentException(
              "arguments must be >= 1, but are: " + String.join(" ", args));
        }
      }
    } else if (args.length != 0) {
      throw new IllegalArgumentException(
          "usage: FusedPreferenceRounds [B T H V rounds], but got " + args.length + " arguments");
    }
    if (!(ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os)) {
      throw new IllegalStateException("this JVM does not report the process CPU time");
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    int rounds = v[4];
    double[] wallRatio = new double[rounds];
    double[] cpuRatio = new double[rounds];
    out.println(
        "| round | naive wall | fused wall | naive CPU | fused CPU | wall ratio | CPU ratio | load (1 min) |");
    out.println("|--:|--:|--:|--:|--:|--:|--:|--:|");
    try (NDManager manager = NDManager.newBaseManager()) {
      ProjectionInput input = ProjectionInput.create(manager, v[0], v[1], v[2], v[3]);
      input.naive();
      input.fused(FusedPreferenceKernel.DEFAULT);
      for (int r = 0; r < rounds; r++) {
        long c0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        input.naive();
        long t1 = System.nanoTime();
        long c1 = os.getProcessCpuTime();
        input.fused(FusedPreferenceKernel.DEFAULT);
        long t2 = System.nanoTime();
        long c2 = os.getProcessCpuTime();
        wallRatio[r] = (double) (t2 - t1) / (t1 - t0);
        cpuRatio[r] = (double) (c2 - c1) / (c1 - c0);
        out.printf(
            Locale.ROOT,
            "| %d | %.1f s | %.1f s | %.1f s | %.1f s | %.2f | %.2f | %.1f |%n",
            r + 1,
            (t1 - t0) / 1e9,
            (t2 - t1) / 1e9,
            (c1 - c0) / 1e9,
            (c2 - c1) / 1e9,
            wallRatio[r],
            cpuRatio[r],
            os.getSystemLoadAverage());
      }
    }
    out.printf(
        Locale.ROOT,
        "%nB = %d pairs, T = %d, H = %d, V = %d, float32, forward and backward of a sigmoid DPO"
            + " loss; fused / naive, median over %d rounds: wall time %.2f, CPU time %.2f.%n",
        v[0],
        v[1],
        v[2],
        v[3],
        rounds,
        median(wallRatio),
        median(cpuRatio));
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
