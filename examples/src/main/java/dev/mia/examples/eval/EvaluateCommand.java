package dev.mia.examples.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mia.core.DataFormatException;
import dev.mia.core.MiaException;
import dev.mia.core.eval.ChairEvaluator;
import dev.mia.core.eval.ChairReport;
import dev.mia.core.eval.ChairResult;
import dev.mia.core.eval.ChairVocabulary;
import dev.mia.core.eval.MultiImageEvaluator;
import dev.mia.core.eval.MultiImageReport;
import dev.mia.core.eval.MultiImageResult;
import dev.mia.core.eval.PopeEvaluator;
import dev.mia.core.eval.PopeReport;
import dev.mia.core.eval.PopeResult;
import dev.mia.core.io.BadRecord;
import dev.mia.core.io.OnBadRecord;
import dev.mia.examples.CommandLines;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Evaluates answer files with POPE, CHAIR and the multi-image confusion metrics, prints a summary
 * and writes a JSON report.
 *
 * <pre>
 * EvaluateCommand [--pope FILE] [--chair FILE] [--multi-image FILE] [--vocabulary FILE]
 *                 [--bad-lines fail|skip] [--out report.json]
 * </pre>
 *
 * <p>The line formats are those of {@link PopeEvaluator}, {@link ChairEvaluator} and {@link
 * MultiImageEvaluator}. {@code --vocabulary} replaces the COCO categories of CHAIR; {@code
 * --bad-lines skip} skips and reports bad lines instead of stopping (default {@code fail}). The
 * report is pretty-printed JSON with a fixed key order, written atomically (temporary file, then
 * rename). An empty file, or one whose every line is skipped, is an error: there is nothing to
 * score, and metrics of zero answers would read as real ones. Exit status: 0 on success, 1 on bad
 * data or unreadable files, 2 on bad usage.
 */
public final class EvaluateCommand {
  private EvaluateCommand() {}

  /**
   * Runs the command and exits with its status if it is not 0.
   *
   * @param args the command-line arguments
   */
  public static void main(String[] args) {
    int status = run(args, System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Runs the command.
   *
   * @param args the command-line arguments
   * @param out where the summary goes
   * @param err where errors and usage go
   * @return 0 on success, 1 on bad data or I/O failure, 2 on bad usage
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return CommandLines.run(new Options(), args, out, err, o -> run(o.check(), out, err));
  }

  private static int run(Options options, PrintStream out, PrintStream err) {
    try {
      ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      ObjectNode report = mapper.createObjectNode();
      if (options.pope != null) {
        PopeReport pope =
            PopeEvaluator.DEFAULT.withBadRecords(options.onBadRecord).evaluate(options.pope);
        requireScored(out, options.pope, pope.overall().total(), pope.badRecords());
        report.set("pope", popeJson(mapper, options.pope, pope));
        out.println("POPE " + options.pope + ": " + summary(pope.overall()));
        pope.bySplit().forEach((split, r) -> out.println("  " + split + ": " + summary(r)));
        printSkipped(out, pope.badRecords());
      }
      if (options.chair != null) {
        ChairVocabulary vocabulary =
            options.vocabulary == null
                ? ChairVocabulary.coco()
                : ChairVocabulary.load(options.vocabulary);
        ChairReport chair =
            ChairEvaluator.of(vocabulary)
                .withBadRecords(options.onBadRecord)
                .evaluate(options.chair);
        requireScored(out, options.chair, chair.result().captions(), chair.badRecords());
        report.set("chair", chairJson(mapper, options.chair, chair));
        ChairResult r = chair.result();
        out.printf(
            Locale.ROOT,
            "CHAIR %s: captions=%d CHAIR_i=%.4f CHAIR_s=%.4f recall=%.4f%n",
            options.chair,
            r.captions(),
            r.chairI(),
            r.chairS(),
            r.recall());
        printSkipped(out, chair.badRecords());
      }
      if (options.multiImage != null) {
        MultiImageReport multi =
            MultiImageEvaluator.DEFAULT
                .withBadRecords(options.onBadRecord)
                .evaluate(options.multiImage);
        requireScored(out, options.multiImage, multi.result().total(), multi.badRecords());
        report.set("multi_image", multiJson(mapper, options.multiImage, multi));
        MultiImageResult r = multi.result();
        out.printf(
            Locale.ROOT,
            "Multi-image %s: n=%d error=%.4f sequence_confusion=%.4f element_interference=%.4f%n",
            options.multiImage,
            r.total(),
            r.errorRate(),
            r.sequenceConfusionShare(),
            r.elementInterferenceShare());
        printSkipped(out, multi.badRecords());
      }
      if (options.out != null) {
        writeAtomically(options.out, mapper.writeValueAsBytes(report));
        out.println("report: " + options.out);
      }
      return 0;
    } catch (MiaException | UncheckedIOException e) {
      err.println("error: " + e.getMessage());
      return 1;
    } catch (IOException e) {
      err.println("error: cannot write the report: " + e.getMessage());
      return 1;
    }
  }

  /**
   * Fails when a file gave nothing to score (every line skipped), instead of printing metrics of
   * zero answers; an empty file already fails in the reader.
   */
  private static void requireScored(
      PrintStream out, Path file, long scored, List<BadRecord> badRecords) {
    if (scored == 0) {
      printSkipped(out, badRecords);
      throw new MiaException(
          file
              + ": no answer could be scored ("
              + badRecords.size()
              + " bad lines skipped); metrics of zero answers would mean nothing");
    }
  }

  private static String summary(PopeResult r) {
    return String.format(
        Locale.ROOT,
        "n=%d accuracy=%.4f precision=%.4f recall=%.4f f1=%.4f yes_ratio=%.4f",
        r.total(),
        r.accuracy(),
        r.precision(),
        r.recall(),
        r.f1(),
        r.yesRatio());
  }

  private static void printSkipped(PrintStream out, List<BadRecord> badRecords) {
    for (BadRecord bad : badRecords) {
      out.println("  skipped " + bad.message());
    }
  }

  private static ObjectNode popeJson(ObjectMapper mapper, Path source, PopeReport report) {
    ObjectNode node = mapper.createObjectNode();
    node.put("source", source.toString());
    node.set("overall", popeResultJson(mapper, report.overall()));
    ObjectNode splits = node.putObject("splits");
    report.bySplit().forEach((split, r) -> splits.set(split, popeResultJson(mapper, r)));
    node.set("bad_lines", badLinesJson(mapper, report.badRecords()));
    return node;
  }

  private static ObjectNode popeResultJson(ObjectMapper mapper, PopeResult r) {
    ObjectNode node = mapper.createObjectNode();
    node.put("n", r.total());
    node.put("tp", r.truePositives());
    node.put("fp", r.falsePositives());
    node.put("tn", r.trueNegatives());
    node.put("fn", r.falseNegatives());
    node.put("accuracy", r.accuracy());
    node.put("precision", r.precision());
    node.put("recall", r.recall());
    node.put("f1", r.f1());
    node.put("yes_ratio", r.yesRatio());
    return node;
  }

  private static ObjectNode chairJson(ObjectMapper mapper, Path source, ChairReport report) {
    ChairResult r = report.result();
    ObjectNode node = mapper.createObjectNode();
    node.put("source", source.toString());
    node.put("captions", r.captions());
    node.put("hallucinated_captions", r.hallucinatedCaptions());
    node.put("mentions", r.mentions());
    node.put("hallucinated_mentions", r.hallucinatedMentions());
    node.put("ground_truth_objects", r.groundTruthObjects());
    node.put("recalled_objects", r.recalledObjects());
    node.put("chair_i", r.chairI());
    node.put("chair_s", r.chairS());
    node.put("recall", r.recall());
    node.set("bad_lines", badLinesJson(mapper, report.badRecords()));
    return node;
  }

  private static ObjectNode multiJson(ObjectMapper mapper, Path source, MultiImageReport report) {
    MultiImageResult r = report.result();
    ObjectNode node = mapper.createObjectNode();
    node.put("source", source.toString());
    node.put("n", r.total());
    node.put("correct", r.correct());
    node.put("sequence_confusion", r.sequenceConfusion());
    node.put("element_interference", r.elementInterference());
    node.put("other_wrong", r.otherWrong());
    node.put("error_rate", r.errorRate());
    node.put("sequence_confusion_share", r.sequenceConfusionShare());
    node.put("element_interference_share", r.elementInterferenceShare());
    node.set("bad_lines", badLinesJson(mapper, report.badRecords()));
    return node;
  }

  private static ArrayNode badLinesJson(ObjectMapper mapper, List<BadRecord> badRecords) {
    ArrayNode array = mapper.createArrayNode();
    for (BadRecord bad : badRecords) {
      ObjectNode node = array.addObject();
      node.put("line", bad.line());
      node.put("column", bad.error() instanceof DataFormatException e ? e.column() : -1);
      node.put("problem", bad.message());
    }
    return array;
  }

  private static void writeAtomically(Path target, byte[] bytes) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    Path temp =
        Files.createTempFile(
            dir == null ? Path.of(".") : dir, absolute.getFileName() + ".", ".tmp");
    try {
      Files.write(temp, bytes);
      Files.move(
          temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** The command line. */
  @Command(
      name = "EvaluateCommand",
      sortOptions = false,
      usageHelpAutoWidth = true,
      description =
          "Evaluates answer files with POPE, CHAIR and the multi-image confusion metrics, prints a"
              + " summary and writes a JSON report. At least one of --pope, --chair, --multi-image."
              + " Exit status: 0 on success, 1 on bad data or unreadable files, 2 on bad usage.")
  static final class Options {
    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "Print this help and exit.")
    boolean help;

    @Option(
        names = "--pope",
        paramLabel = "FILE",
        description = "POPE answers (JSON lines). Default: none.")
    @Nullable Path pope;

    @Option(
        names = "--chair",
        paramLabel = "FILE",
        description = "Captions for CHAIR (JSON lines). Default: none.")
    @Nullable Path chair;

    @Option(
        names = "--multi-image",
        paramLabel = "FILE",
        description = "Multi-image answers (JSON lines). Default: none.")
    @Nullable Path multiImage;

    @Option(
        names = "--vocabulary",
        paramLabel = "FILE",
        description = "CHAIR vocabulary replacing the 80 COCO categories. Default: COCO.")
    @Nullable Path vocabulary;

    @Option(
        names = "--bad-lines",
        paramLabel = "fail|skip",
        converter = BadLinesConverter.class,
        description = "Stop at a bad line, or skip and report it. Default: fail.")
    OnBadRecord onBadRecord = OnBadRecord.FAIL;

    @Option(
        names = "--out",
        paramLabel = "FILE",
        description = "Where the JSON report is written. Default: none (summary only).")
    @Nullable Path out;

    Options check() {
      if (pope == null && chair == null && multiImage == null) {
        throw new CommandLines.UsageException(
            "at least one of --pope, --chair or --multi-image is needed");
      }
      return this;
    }

    private static OnBadRecord onBadRecord(String value) {
      return switch (value) {
        case "fail" -> OnBadRecord.FAIL;
        case "skip" -> OnBadRecord.SKIP;
        default -> throw new IllegalArgumentException("must be fail or skip, but is: " + value);
      };
    }
  }

  /** Parses {@code --bad-lines}. */
  static final class BadLinesConverter implements CommandLine.ITypeConverter<OnBadRecord> {
    @Override
    public OnBadRecord convert(String value) {
      return CommandLines.convert(value, Options::onBadRecord);
    }
  }
}
