package dev.mia.examples;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.function.ToIntFunction;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;

/**
 * The conventions every example program shares, on top of <a
 * href="https://picocli.info">picocli</a>:
 *
 * <ul>
 *   <li>{@code -h} or {@code --help} prints each option with its meaning and default to the output
 *       and exits 0;
 *   <li>a usage error (unknown option, missing or badly typed value, a setting out of range) prints
 *       one line to the error stream, naming the program and the option, and exits 2; no stack
 *       trace;
 *   <li>a relative path given on the command line is resolved against the directory the user
 *       started from: the system property {@value #START_DIR_PROPERTY} when set (the {@code
 *       -Pexample} profile sets it to the directory Maven was started in, while the program itself
 *       runs in {@code examples/}), the working directory otherwise. Defaults stay relative to the
 *       working directory.
 * </ul>
 */
public final class CommandLines {
  /** The system property that names the directory relative paths are resolved against. */
  public static final String START_DIR_PROPERTY = "mia.start.dir";

  /** The exit status of a usage error. */
  public static final int USAGE_ERROR = 2;

  private CommandLines() {}

  /**
   * A usage error found after parsing (a setting out of range, a missing required combination): the
   * program prints its message on one line and exits with {@link #USAGE_ERROR}.
   */
  public static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what was wrong, naming the option
     */
    public UsageException(String message) {
      super(message);
    }
  }

  /**
   * Parses {@code args} into {@code options} (an object annotated with picocli's {@code @Command}
   * and {@code @Option}) and runs {@code body} on them.
   *
   * @param <T> the options type
   * @param options the options object, its fields initialised to the defaults
   * @param args the command line
   * @param out where the help goes
   * @param err where usage errors go
   * @param body the program; a {@link UsageException} it throws is reported as a usage error
   * @return 0 after the help, {@link #USAGE_ERROR} on a usage error, else what {@code body} returns
   */
  public static <T> int run(
      T options, String[] args, PrintStream out, PrintStream err, ToIntFunction<T> body) {
    CommandLine cl = new CommandLine(options);
    cl.registerConverter(Path.class, CommandLines::path);
    cl.setOverwrittenOptionsAllowed(true); // the last value of an option given twice wins
    try {
      cl.parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      // an unknown option comes first, even when it makes a required option look missing
      CommandLine.ParameterException first =
          e instanceof CommandLine.UnmatchedArgumentException
                  || cl.getUnmatchedArguments().isEmpty()
              ? e
              : new CommandLine.UnmatchedArgumentException(cl, cl.getUnmatchedArguments());
      err.println(oneLine(first.getMessage()) + " (--help lists the options)");
      err.flush();
      return USAGE_ERROR;
    }
    if (cl.isUsageHelpRequested()) {
      PrintWriter writer =
          new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true);
      cl.usage(writer);
      writer.flush();
      return 0;
    }
    try {
      return body.applyAsInt(options);
    } catch (UsageException e) {
      err.println(oneLine(e.getMessage()) + " (--help lists the options)");
      err.flush();
      return USAGE_ERROR;
    }
  }

  /**
   * Converts a command-line value to a path, resolving a relative one against {@value
   * #START_DIR_PROPERTY} when that property is set.
   *
   * @param value the value as typed
   * @return the path
   * @throws CommandLine.TypeConversionException if the value is not a path
   */
  public static Path path(String value) {
    try {
      Path path = Path.of(value);
      @Nullable String start = System.getProperty(START_DIR_PROPERTY);
      return path.isAbsolute() || start == null || start.isBlank()
          ? path
          : Path.of(start).resolve(path);
    } catch (InvalidPathException e) {
      throw new CommandLine.TypeConversionException("'" + value + "' is not a path");
    }
  }

  /**
   * Calls {@code parse} and turns an {@link IllegalArgumentException} into picocli's conversion
   * error, so that the message names the option.
   *
   * @param <V> the value type
   * @param value the value as typed
   * @param parse the parser
   * @return the parsed value
   * @throws CommandLine.TypeConversionException with the parser's message
   */
  public static <V> V convert(String value, java.util.function.Function<String, V> parse) {
    try {
      return parse.apply(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(String.valueOf(e.getMessage()));
    }
  }

  private static String oneLine(@Nullable String message) {
    return message == null ? "bad usage" : message.strip().replaceAll("\\s*\\R\\s*", "; ");
  }
}
