package dev.mia.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mia.examples.eval.EvaluateCommand;
import dev.mia.examples.formats.BuildMultiImageCommand;
import dev.mia.examples.pipeline.EndToEnd;
import dev.mia.examples.tiny.TrainTinyLvlm;
import dev.mia.examples.training.TrainOnPairs;
import dev.mia.examples.world.GenerateWorld;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The conventions every example program shares (see {@link CommandLines}). */
class CommandLinesTest {
  /** A program's {@code run(args, out, err)}. */
  interface Program {
    int run(String[] args, PrintStream out, PrintStream err);
  }

  record Result(int status, String out, String err) {}

  static Result run(Program program, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        program.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Each program, its options, and a number option with a value that is not a number. */
  static Stream<Arguments> programs() {
    return Stream.of(
        Arguments.of(
            "EndToEnd",
            (Program) EndToEnd::run,
            List.of("--out", "--quick", "--seeds", "--methods", "--split", "--beta"),
            "--seeds"),
        Arguments.of(
            "BuildMultiImageCommand",
            (Program) BuildMultiImageCommand::run,
            List.of("--data", "--images", "--out", "--seed", "--threads", "--max-bytes"),
            "--tile-size"),
        Arguments.of(
            "EvaluateCommand",
            (Program) EvaluateCommand::run,
            List.of("--pope", "--chair", "--multi-image", "--vocabulary", "--bad-lines", "--out"),
            null),
        Arguments.of(
            "GenerateWorld",
            (Program) GenerateWorld::run,
            List.of("--out", "--seed", "--train", "--val", "--test", "--multi", "--side", "--bias"),
            "--train"),
        Arguments.of(
            "TrainTinyLvlm",
            (Program) TrainTinyLvlm::run,
            List.of("--world", "--out", "--steps", "--batch", "--lr", "--seed", "--eval"),
            "--steps"),
        Arguments.of(
            "TrainOnPairs",
            (Program) TrainOnPairs::run,
            List.of("<pairs.jsonl>", "<image-root>", "<model-dir>", "<out-dir>"),
            null),
        Arguments.of(
            "Quickstart",
            (Program) Quickstart::run,
            List.of("--input", "--out", "--seed"),
            "--seed"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("programs")
  void help_lists_every_option_with_its_meaning_and_exits_0(
      String name, Program program, List<String> options, String numberOption) {
    Result result = run(program, "--help");

    assertThat(result.status()).isZero();
    assertThat(result.err()).isEmpty();
    assertThat(result.out()).startsWith("Usage: " + name).contains("-h, --help");
    for (String option : options) {
      assertThat(result.out()).contains(option);
    }
    if (!name.equals("TrainOnPairs")) { // only required positional parameters
      assertThat(result.out()).contains("Default");
    }
    assertThat(run(program, "-h").status()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("programs")
  void an_unknown_flag_is_named_as_unknown_in_one_line_and_exits_2(
      String name, Program program, List<String> options, String numberOption) {
    Result result = run(program, "--frobnicate");

    assertThat(result.status()).isEqualTo(2);
    assertThat(result.err()).contains("Unknown option: '--frobnicate'").hasLineCount(1);
    assertThat(result.err()).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(result.out()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("programs")
  void a_bad_number_names_its_option_in_one_line_and_exits_2(
      String name, Program program, List<String> options, String numberOption) {
    if (numberOption == null) {
      return; // no number options
    }
    Result result = run(program, numberOption, "x");

    assertThat(result.status()).isEqualTo(2);
    assertThat(result.err())
        .startsWith("Invalid value for option '" + numberOption + "': 'x' is not a")
        .hasLineCount(1);
  }

  @Test
  void a_missing_value_names_its_option() {
    Result result = run(EndToEnd::run, "--out");

    assertThat(result.status()).isEqualTo(2);
    assertThat(result.err())
        .startsWith("Missing required parameter for option '--out' (DIR)")
        .hasLineCount(1);
  }

  @Test
  void missing_positional_parameters_are_a_one_line_usage_error() {
    Result result = run(TrainOnPairs::run, "pairs.jsonl");

    assertThat(result.status()).isEqualTo(2);
    assertThat(result.err()).startsWith("Missing required parameters: ").hasLineCount(1);
  }

  @Test
  void relative_paths_resolve_against_the_start_directory_when_it_is_set() {
    String before = System.getProperty(CommandLines.START_DIR_PROPERTY);
    try {
      System.setProperty(CommandLines.START_DIR_PROPERTY, "/home/user/project");
      assertThat(CommandLines.path("data/a.json"))
          .isEqualTo(Path.of("/home/user/project/data/a.json"));
      assertThat(CommandLines.path("/abs/a.json")).isEqualTo(Path.of("/abs/a.json"));
      System.clearProperty(CommandLines.START_DIR_PROPERTY);
      assertThat(CommandLines.path("data/a.json")).isEqualTo(Path.of("data/a.json"));
    } finally {
      if (before == null) {
        System.clearProperty(CommandLines.START_DIR_PROPERTY);
      } else {
        System.setProperty(CommandLines.START_DIR_PROPERTY, before);
      }
    }
  }
}
