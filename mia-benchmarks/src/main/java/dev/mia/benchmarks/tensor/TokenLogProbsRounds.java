package dev.mia.benchmarks.tensor;

import com.sun.management.OperatingSystemMXBean;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Times {@link TokenLogProbsBenchmark}'s two approaches in alternating rounds in one JVM (baseline,
 * then mia, in each round; odd rounds in the other order), for each prompt share, and reports the
 * medians of wall time, of the process's CPU time and of the per-round ratios. On a shared machine
 * whose load changes from second to second, alternating keeps both approaches under the same load,
 * which JMH (one benchmark after the other) cannot do; the CPU time counts the work summed over
 * PyTorch's threads.
 *
 * <p>Run it as {@code java -cp benchmarks.jar dev.mia.benchmarks.tensor.TokenLogProbsRounds
 * [rounds]} (default 30) for B = 4, T = 512, V = 32000; it prints a Markdown table.
 */
public final class TokenLogProbsRounds {
  private TokenLogProbsRounds() {}

  /**
   * Runs the rounds and prints the table.
   *
   * @param args nothing, or the number of rounds
   * @throws IllegalArgumentException if the argument is not a positive integer
   * @throws IllegalStateException if the JVM cannot report its process CPU time
   */
  public static void main(String[] args) {
    int rounds = args.length == 0 ? 30 : Integer.parseInt(args[0]);
    if (rounds < 1 || args.length > 1) {
      throw new IllegalArgumentException(
          "usage: TokenLogProbsRounds [rounds >= 1], but got: " + String.join(" ", args));
    }
    if (!(ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os)) {
      throw new IllegalStateException("this JVM does not report the process CPU time");
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    out.printf(Locale.ROOT, "load average (1 min) before: %.2f%n%n", os.getSystemLoadAverage());
    out.println(
        "| prompt share | baseline wall | mia wall | baseline CPU | mia CPU | speed-up (wall) |"
            + " speed-up (CPU) |");
    out.println("|--:|--:|--:|--:|--:|--:|--:|");
    for (double share : new double[] {0.25, 0}) {
      TokenLogProbsBenchmark bench = new TokenLogProbsBenchmark();
      bench.batch = 4;
      bench.tokens = 512;
      bench.vocabulary = 32000;
      bench.promptShare = share;
      bench.setUp();
      try {
        for (int w = 0; w < 3; w++) {
          bench.baseline_tokenLogProbs();
          bench.mia_tokenLogProbs();
        }
        double[][] t = new double[4][rounds];
        double[] wallRatio = new double[rounds];
        double[] cpuRatio = new double[rounds];
        for (int r = 0; r < rounds; r++) {
          for (int k = 0; k < 2; k++) {
            boolean mia = (k == 0) == (r % 2 == 1);
            long c0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            long size = mia ? bench.mia_tokenLogProbs() : bench.baseline_tokenLogProbs();
            long t1 = System.nanoTime();
            long c1 = os.getProcessCpuTime();
            if (size != 4L * 512) {
              throw new IllegalStateException("unexpected result size: " + size);
            }
            int i = mia ? 1 : 0;
            t[i][r] = (t1 - t0) / 1e6;
            t[2 + i][r] = (c1 - c0) / 1e6;
          }
          wallRatio[r] = t[0][r] / t[1][r];
          cpuRatio[r] = t[2][r] / t[3][r];
        }
        out.printf(
            Locale.ROOT,
            "| %.2f | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %.2fx | %.2fx |%n",
            share,
            median(t[0]),
            median(t[1]),
            median(t[2]),
            median(t[3]),
            median(wallRatio),
            median(cpuRatio));
      } finally {
        bench.tearDown();
      }
    }
    out.printf(
        Locale.ROOT,
        "%nB = 4, T = 512, V = 32000, float32, no gradient; medians over %d alternating rounds;"
            + " speed-up = baseline / mia per round. Load average (1 min) after: %.2f.%n",
        rounds,
        os.getSystemLoadAverage());
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
