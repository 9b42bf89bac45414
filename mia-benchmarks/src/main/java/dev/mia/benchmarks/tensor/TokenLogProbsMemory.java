package dev.mia.benchmarks.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.mia.core.tensor.PerTokenLogProbs;
import dev.mia.core.tensor.TokenLogProbs;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Measures the peak extra native memory of one token log-prob call, which JMH cannot see: mia's
 * chunked {@link TokenLogProbs} against DJL's {@code logSoftmax(-1)} + {@code gather} over the
 * whole tensor, on the same float32 logits as {@link TokenLogProbsBenchmark}.
 *
 * <h2>Method (Linux only)</h2>
 *
 * For each approach: reset the process's resident-set high-water mark (writing {@code 5} to {@code
 * /proc/self/clear_refs}), read {@code VmRSS} from {@code /proc/self/status}, run one call, read
 * {@code VmHWM}, free the results. The difference is the largest amount of memory the call added at
 * any moment; memory the process already held and reused does not count, so it is a lower bound of
 * what a fresh process would need. Each approach runs once on a small input first, so that
 * libraries are loaded before measuring. The PyTorch CPU allocator returns large blocks to the
 * system when they are freed, which is what makes the high-water mark meaningful.
 *
 * <p>Run it as {@code java -cp benchmarks.jar dev.mia.benchmarks.tensor.TokenLogProbsMemory [B T V
 * [promptShare]]} (default 4 512 32000 0.25: a quarter of every row masked as a prompt; 0 scores
 * every position); it prints a Markdown table to standard output, or a line saying why it cannot
 * measure.
 */
public final class TokenLogProbsMemory {
  private static final Path STATUS = Path.of("/proc/self/status");
  private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");
  private static final double MB = 1024.0 * 1024.0;

  private TokenLogProbsMemory() {}

  /**
   * Measures both approaches and prints the table.
   *
   * @param args nothing, or B, T and V, optionally followed by the prompt share
   * @throws IllegalArgumentException if the arguments are not nothing or three positive integers
   *     and optionally a prompt share in {@code [0, 1)}
   */
  public static void main(String[] args) {
    int[] size = {4, 512, 32000};
    double promptShare = 0.25;
    if (args.length == 4) {
      promptShare = Double.parseDouble(args[3]);
      if (!(promptShare >= 0 && promptShare < 1)) {
        throw new IllegalArgumentException("promptShare must lie in [0, 1), but is: " + args[3]);
      }
    }
    if (args.length == 3 || args.length == 4) {
      for (int i = 0; i < 3; i++) {
        size[i] = Integer.parseInt(args[i]);
        if (size[i] < 1) {
          throw new IllegalArgumentException(
              "sizes must be >= 1, but are: " + String.join(" ", args));
        }
      }
    } else if (args.length != 0) {
      throw new IllegalArgumentException(
          "usage: TokenLogProbsMemory [B T V [promptShare]], but got "
              + args.length
              + " arguments");
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    if (!Files.isReadable(STATUS) || !Files.isWritable(CLEAR_REFS)) {
      out.println(
          "Peak memory not measured: needs Linux's /proc/self/status and a writable"
              + " /proc/self/clear_refs.");
      return;
    }
    int batch = size[0];
    int tokens = size[1];
    int vocabulary = size[2];
    try (NDManager manager = NDManager.newBaseManager()) {
      try (NDManager warm = manager.newSubManager()) {
        LogitsInput small = LogitsInput.create(warm, 2, 8, 16);
        mia(small);
        baseline(small);
      }
      LogitsInput input = LogitsInput.create(manager, batch, tokens, vocabulary, promptShare);
      long miaBytes = peakExtra(() -> mia(input));
      long baselineBytes = peakExtra(() -> baseline(input));
      long full = 4L * batch * tokens * vocabulary;
      int positions = TokenLogProbs.DEFAULT.chunkPositions(vocabulary);
      long chunk = 4L * Math.min(tokens, positions) * vocabulary;
      out.printf(
          Locale.ROOT,
          "| approach | peak extra resident memory | one [B, T, V] float32 tensor | one [%d, V]"
              + " chunk |%n",
          positions);
      out.println("|---|--:|--:|--:|");
      out.printf(
          Locale.ROOT,
          "| mia `TokenLogProbs.DEFAULT` | %.1f MB | %.1f MB | %.1f MB |%n",
          miaBytes / MB,
          full / MB,
          chunk / MB);
      out.printf(
          Locale.ROOT,
          "| baseline `logSoftmax` + `gather` | %.1f MB | %.1f MB | %.1f MB |%n",
          baselineBytes / MB,
          full / MB,
          chunk / MB);
      out.printf(
          Locale.ROOT,
          "%nLogits [%d, %d, %d] float32 (%.1f MB), prompt share %.2f, one call each, no gradient"
              + " recorded; VmHWM - VmRSS of the process around the call.%n",
          batch,
          tokens,
          vocabulary,
          full / MB,
          promptShare);
    }
  }

  private static void mia(LogitsInput in) {
    PerTokenLogProbs lp = TokenLogProbs.DEFAULT.compute(in.logits(), in.labels(), in.mask());
    lp.values().close();
    lp.mask().close();
  }

  private static void baseline(LogitsInput in) {
    try (NDArray logSoftmax = in.logits().logSoftmax(-1);
        NDArray index = in.labels().expandDims(-1);
        NDArray gathered = logSoftmax.gather(index, -1);
        NDArray squeezed = gathered.squeeze(-1);
        NDArray masked = squeezed.mul(in.mask())) {
      masked.size();
    }
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
