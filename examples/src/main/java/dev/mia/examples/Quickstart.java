package dev.mia.examples;

import dev.mia.core.data.Conversation;
import dev.mia.core.data.PreferencePair;
import dev.mia.core.data.Provenance;
import dev.mia.core.data.SftSample;
import dev.mia.core.data.Turn;
import dev.mia.core.io.BadRecord;
import dev.mia.core.io.DatasetReader;
import dev.mia.core.io.JsonlWriter;
import dev.mia.core.io.MiaPairCodec;
import dev.mia.core.io.OnBadRecord;
import dev.mia.core.io.RecordStream;
import dev.mia.core.io.TrlPairEncoder;
import dev.mia.core.io.TrlStyle;
import dev.mia.core.io.WriteMode;
import dev.mia.selection.negative.RuleBasedRewriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * mia's first program: turns LLaVA-style supervised data into DPO preference pairs, offline.
 *
 * <p>It streams a LLaVA-665k-style JSON file (by default a small bundled sample), skips and reports
 * bad records, makes a rejected answer for the first round of each sample by BPO-style error
 * injection with {@link RuleBasedRewriter} (swapped colours, counts, positions, sizes, objects; Pi
 * et al., arXiv 2403.08730), and writes the pairs twice: in TRL's preference format ({@code
 * pairs.trl.jsonl}) and in mia's lossless form with provenance ({@code pairs.mia.jsonl}). Both are
 * written atomically.
 *
 * <p>Usage: {@code Quickstart [--input llava.json] [--out folder] [--seed n]}.
 */
public final class Quickstart {
  private static final String BUNDLED_SAMPLE = "quickstart/llava_sample.json";

  private Quickstart() {}

  /**
   * Runs the program.
   *
   * @param args the command line, see the class documentation
   */
  public static void main(String[] args) {
    int status = run(args, System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Runs the program with the given streams.
   *
   * @param args the command line
   * @param out where the summary goes
   * @param err where usage errors go
   * @return the exit status: 0 on success, 2 on a usage error
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return CommandLines.run(new Options(), args, out, err, o -> run(o, out));
  }

  private static int run(Options o, PrintStream out) {
    @Nullable Path input = o.input;
    Path outDir = o.out;
    long seed = o.seed;
    try {
      Files.createDirectories(outDir);
      Summary summary = convert(input, outDir, seed);
      summary.print(out, outDir);
      return 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Summary convert(Path input, Path outDir, long seed) throws IOException {
    RuleBasedRewriter rewriter = RuleBasedRewriter.defaults();
    List<BadRecord> bad = new ArrayList<>();
    DatasetReader reader =
        DatasetReader.builder().onBadRecord(OnBadRecord.SKIP).badRecordListener(bad::add).build();
    int read = 0;
    int written = 0;
    List<String> unchanged = new ArrayList<>();
    try (InputStream in = open(input);
        RecordStream<SftSample> samples =
            reader.readLlava(in, input == null ? BUNDLED_SAMPLE : input.toString());
        JsonlWriter<PreferencePair> trl =
            JsonlWriter.open(
                outDir.resolve("pairs.trl.jsonl"),
                TrlPairEncoder.of(TrlStyle.STANDARD),
                WriteMode.REPLACE);
        JsonlWriter<PreferencePair> mia =
            JsonlWriter.open(
                outDir.resolve("pairs.mia.jsonl"), MiaPairCodec.INSTANCE, WriteMode.REPLACE)) {
      while (samples.hasNext()) {
        SftSample sample = samples.next();
        read++;
        String question = sample.conversation().questions().get(0);
        String chosen = sample.conversation().answers().get(0);
        long pairSeed = seed ^ sample.id().hashCode();
        String rejected = rewriter.rewrite(chosen, pairSeed);
        if (rejected.equals(chosen)) {
          unchanged.add(sample.id());
          continue;
        }
        PreferencePair pair =
            PreferencePair.builder(
                    sample.id(), Conversation.of(Turn.human(question)), chosen, rejected)
                .images(sample.images())
                .provenance(
                    Provenance.from(sample.id())
                        .with(
                            Provenance.Stage.of(
                                "error-injection",
                                rewriter.toString(),
                                Map.of("seed", (double) pairSeed))))
                .build();
        trl.write(pair);
        mia.write(pair);
        written++;
      }
      trl.commit();
      mia.commit();
    }
    return new Summary(read, written, bad, unchanged);
  }

  private static InputStream open(Path input) throws IOException {
    if (input != null) {
      return Files.newInputStream(input);
    }
    return Objects.requireNonNull(
        Quickstart.class.getResourceAsStream(BUNDLED_SAMPLE), "bundled sample is missing");
  }

  private record Summary(
      int read, int written, List<BadRecord> bad, List<String> withoutInjectableError) {
    void print(PrintStream out, Path outDir) throws IOException {
      out.println("mia quickstart: LLaVA-style data -> DPO preference pairs");
      out.println("  samples read:    " + read);
      out.println("  bad records:     " + bad.size() + " (skipped and reported)");
      for (BadRecord record : bad) {
        out.println("    record " + record.recordIndex() + ": " + record.message());
      }
      out.println(
          "  no error found to inject: "
              + withoutInjectableError.size()
              + " "
              + withoutInjectableError);
      out.println("  pairs written:   " + written);
      Path trl = outDir.resolve("pairs.trl.jsonl");
      out.println("  TRL pairs:       " + trl.toAbsolutePath());
      out.println("  mia pairs:       " + outDir.resolve("pairs.mia.jsonl").toAbsolutePath());
      List<String> lines = Files.readAllLines(trl);
      if (!lines.isEmpty()) {
        out.println("  first pair:      " + lines.get(0));
      }
    }
  }

  /** The command line. */
  @Command(
      name = "Quickstart",
      sortOptions = false,
      usageHelpAutoWidth = true,
      description =
          "Turns LLaVA-style supervised data into DPO preference pairs (pairs.trl.jsonl and"
              + " pairs.mia.jsonl), offline.")
  static final class Options {
    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "Print this help and exit.")
    boolean help;

    @Option(
        names = "--input",
        paramLabel = "FILE",
        description = "LLaVA-style JSON. Default: the bundled sample.")
    @Nullable Path input;

    @Option(
        names = "--out",
        paramLabel = "DIR",
        description = "Output folder. Default: target/quickstart (under the working directory).")
    Path out = Path.of("target", "quickstart");

    @Option(
        names = "--seed",
        paramLabel = "N",
        description = "Seed of the rewriter. Default: ${DEFAULT-VALUE}.")
    long seed = 42;
  }
}
