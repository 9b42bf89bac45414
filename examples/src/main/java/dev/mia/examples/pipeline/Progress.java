package dev.mia.examples.pipeline;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress reports of the pipeline's stages, in one of two {@link Style}s: a bar redrawn in place
 * with carriage returns when the output is a terminal, plain lines (count, rate, time left) every
 * {@link #DEFAULT_INTERVAL_NANOS} otherwise, so that a log file holds one readable line per report
 * and any other line written between two reports stays on its own line.
 */
final class Progress {
  /** How progress is shown. */
  enum Style {
    /** A bar redrawn in place with {@code \r}: for a terminal. */
    BAR,
    /** A plain line every interval and one at the end: for a log file or a pipe. */
    LINES;

    /**
     * The style for the current process: {@link #BAR} when it has a console, {@link #LINES}
     * otherwise.
     */
    static Style detect() {
      return System.console() != null ? BAR : LINES;
    }
  }

  /** Ten seconds between two plain lines. */
  static final long DEFAULT_INTERVAL_NANOS = 10_000_000_000L;

  private static final int WIDTH = 30;
  private final PrintStream err;
  private final Style style;
  private final long intervalNanos;
  private final LongSupplier clock;

  /** Progress on {@code err} in the style {@link Style#detect()} chooses. */
  Progress(PrintStream err) {
    this(err, Style.detect());
  }

  /** Progress on {@code err} in the given style, plain lines every ten seconds. */
  Progress(PrintStream err, Style style) {
    this(err, style, DEFAULT_INTERVAL_NANOS, System::nanoTime);
  }

  /**
   * Progress on {@code err} in the given style; plain lines at most every {@code intervalNanos} of
   * {@code clock}.
   */
  Progress(PrintStream err, Style style, long intervalNanos, LongSupplier clock) {
    if (intervalNanos < 0) {
      throw new IllegalArgumentException("intervalNanos must be >= 0, but is: " + intervalNanos);
    }
    this.err = err;
    this.style = style;
    this.intervalNanos = intervalNanos;
    this.clock = clock;
  }

  Style style() {
    return style;
  }

  Bar bar(String label, int total) {
    return new Bar(label, Math.max(1, total));
  }

  /** One bar; {@link #step()} advances it, {@link #done()} ends it. */
  final class Bar {
    private final String label;
    private final int total;
    private final long start = clock.getAsLong();
    private long lastLine;
    private int count;
    private int drawn = -1;
    private boolean finished;

    private Bar(String label, int total) {
      this.label = label;
      this.total = total;
      this.lastLine = start;
      if (style == Style.BAR) {
        draw("");
      }
    }

    void step() {
      step("");
    }

    void step(String note) {
      count = Math.min(total, count + 1);
      if (style == Style.BAR) {
        int filled = count * WIDTH / total;
        if (filled != drawn || count == total || !note.isEmpty()) {
          draw(note);
        }
      } else if (count < total) {
        long now = clock.getAsLong();
        if (now - lastLine >= intervalNanos) {
          lastLine = now;
          line(now, note);
        }
      }
    }

    void done() {
      if (finished) {
        return;
      }
      finished = true;
      count = total;
      if (style == Style.BAR) {
        draw("");
        err.println();
      } else {
        line(clock.getAsLong(), "");
      }
      err.flush();
    }

    private void line(long now, String note) {
      double seconds = (now - start) / 1e9;
      double rate = seconds > 0 ? count / seconds : Double.NaN;
      StringBuilder text =
          new StringBuilder(
              String.format(
                  Locale.ROOT,
                  "%s: %d/%d (%d%%) %.1f/s %.0fs",
                  label,
                  count,
                  total,
                  count * 100L / total,
                  rate,
                  seconds));
      if (count < total) {
        text.append(
            rate > 0
                ? String.format(Locale.ROOT, ", %.0fs left", (total - count) / rate)
                : ", time left unknown");
      } else {
        text.append(", done");
      }
      if (!note.isEmpty()) {
        text.append(' ').append(note);
      }
      err.println(text);
      err.flush();
    }

    private void draw(String note) {
      int filled = count * WIDTH / total;
      drawn = filled;
      err.printf(
          Locale.ROOT,
          "\r%-28s [%s%s] %d/%d %.0fs %s",
          label,
          "#".repeat(filled),
          " ".repeat(WIDTH - filled),
          count,
          total,
          (clock.getAsLong() - start) / 1e9,
          note);
      err.flush();
    }
  }
}
