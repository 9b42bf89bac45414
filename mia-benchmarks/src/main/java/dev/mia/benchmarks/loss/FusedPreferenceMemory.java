package dev.mia.benchmarks.loss;

import ai.djl.ndarray.NDManager;
import dev.mia.loss.fused.FusedPreferenceKernel;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Measures the peak extra native memory of one forward and backward of {@link
 * FusedPreferenceBenchmark}'s two approaches, which JMH cannot see: mia's fused kernel against the
 * naive DJL path, on the same float32 inputs ({@link ProjectionInput}).
 *
 * <h2>Method (Linux only)</h2>
 *
 * As {@code dev.mia.benchmarks.tensor.TokenLogProbsMemory}: reset the resident-set high-water mark
 * ({@code 5} into {@code /proc/self/clear_refs}), read {@code VmRSS}, run one call, read {@code
 * VmHWM}; the difference is the most memory the call added at any moment. Each approach runs once
 * first on the same inputs, unmeasured, so that the gradients of the hidden states and the weight
 * (which both approaches need, and which later calls accumulate into in place) already exist; the
 * figure is then the approach's own working memory.
 *
 * <p>Run it as {@code java -cp benchmarks.jar dev.mia.benchmarks.loss.FusedPreferenceMemory [B T H
 * V [fused|naive|both]]} (default 4 512 512 32000 both); it prints a Markdown table, or a line
 * saying why it cannot measure.
 */
public final class FusedPreferenceMemory {
  private static final Path STATUS = Path.of("/proc/self/status");
  private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");
  private static final double MB = 1024.0 * 1024.0;

  private FusedPreferenceMemory() {}

  /**
   * Measures the approaches and prints the table.
   *
   * @param args nothing, or B, T, H and V, optionally followed by which approach to measure
   * @throws IllegalArgumentException if the arguments are not of that form
   */
  public static void main(String[] args) {
    int[] size = {4, 512, 512, 32000};
    String which = "both";
    if (args.length == 4 || args.length == 5) {
      for (int i = 0; i < 4; i++) {
        size[i] = Integer.parseInt(args[i]);
        if (size[i] < 1) {
          throw new IllegalArgumentException(
              "sizes must be >= 1, but are: " + String.join(" ", args));
        }
      }
      if (args.length == 5) {
        which = args[4];
      }
    } else if (args.length != 0) {
      throw new IllegalArgumentException(
          "usage: FusedPreferenceMemory [B T H V [fused|naive|both]], but got "
              + args.length
              + " arguments");
    }
    if (!which.equals("both") && !which.equals("fused") && !which.equals("naive")) {
      throw new IllegalArgumentException("approach must be fused, naive or both, but is: " + which);
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    if (!Files.isReadable(STATUS) || !Files.isWritable(CLEAR_REFS)) {
      out.println(
          "Peak memory not measured: needs Linux's /proc/self/status and a writable"
              + " /proc/self/clear_refs.");
      return;
    }
    int pairs = size[0];
    int tokens = size[1];
    int width = size[2];
    int vocabulary = size[3];
    long rows = 2L * pairs * tokens;
    double logitsMb = 4.0 * rows * vocabulary / MB;
    out.printf(
        Locale.ROOT,
        "| approach | peak extra resident memory | one [2B, T, V] float32 tensor |%n|---|--:|--:|%n");
    try (NDManager manager = NDManager.newBaseManager()) {
      ProjectionInput input = ProjectionInput.create(manager, pairs, tokens, width, vocabulary);
      if (!which.equals("naive")) {
        input.fused(FusedPreferenceKernel.DEFAULT);
        long bytes = peakExtra(() -> input.fused(FusedPreferenceKernel.DEFAULT));
        out.printf(
            Locale.ROOT,
            "| mia `FusedPreferenceKernel.DEFAULT` | %.1f MB | %.1f MB |%n",
            bytes / MB,
            logitsMb);
      }
      if (!which.equals("fused")) {
        input.naive();
        long bytes = peakExtra(input::naive);
        out.printf(
            Locale.ROOT,
            "| baseline `h W^T`, `logSoftmax`, `gather`, backward | %.1f MB | %.1f MB |%n",
            bytes / MB,
            logitsMb);
      }
    }
    out.printf(
        Locale.ROOT,
        "%nB = %d pairs, T = %d, H = %d, V = %d, float32, forward and backward of a sigmoid DPO"
            + " loss; VmHWM - VmRSS of the process around the second call.%n",
        pairs,
        tokens,
        width,
        vocabulary);
  }

  private static long peakExtra(Runnable call) {
    System.gc();
    write(CLEAR_REFS, "5");
    long before = kilobytes("VmRSS:").orElseThrow();
    call.run();
    long peak = kilobytes("VmHWM:").orElseThrow();
    return Math.max(0, peak - before) * 1024;
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static OptionalLong kilobytes(String field) {
    try {
      for (String line : Files.readAllLines(STATUS, StandardCharsets.US_ASCII)) {
        if (line.startsWith(field)) {
          String[] parts = line.substring(field.length()).trim().split("\\s+");
          return OptionalLong.of(Long.parseLong(parts[0]));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + STATUS, e);
    }
    return OptionalLong.empty();
  }
}
