package dev.mia.examples;

import java.util.Locale;
import picocli.CommandLine;

/** The {@code --progress} choices of the example programs. */
public enum ProgressChoice {
  /** A bar when there is a console, plain lines otherwise. */
  AUTO,
  /** Always the bar. */
  BAR,
  /** Always plain lines. */
  LINES;

  /**
   * Returns whether to draw a bar redrawn with {@code \r}.
   *
   * @return true for {@link #BAR}, and for {@link #AUTO} when the JVM has a console
   */
  public boolean bar() {
    return this == BAR || (this == AUTO && System.console() != null);
  }

  /** Parses {@code --progress}. */
  public static final class Converter implements CommandLine.ITypeConverter<ProgressChoice> {
    /** Creates the converter (picocli instantiates it). */
    public Converter() {}

    @Override
    public ProgressChoice convert(String value) {
      for (ProgressChoice p : values()) {
        if (p.name().toLowerCase(Locale.ROOT).equals(value)) {
          return p;
        }
      }
      throw new CommandLine.TypeConversionException("must be auto, bar or lines, but is: " + value);
    }
  }
}
