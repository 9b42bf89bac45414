package dev.mia.examples.pipeline;

import java.io.PrintStream;
import java.util.Locale;

/** Text progress bars, one line each, redrawn in place with carriage returns. */
final class Progress {
  private static final int WIDTH = 30;
  private final PrintStream err;

  Progress(PrintStream err) {
    this.err = err;
  }

  Bar bar(String label, int total) {
    return new Bar(label, Math.max(1, total));
  }

  /** One bar; {@link #step()} advances it, {@link #done()} ends its line. */
  final class Bar {
    private final String label;
    private final int total;
    private final long start = System.nanoTime();
    private int count;
    private int drawn = -1;

    private Bar(String label, int total) {
      this.label = label;
      this.total = total;
      draw("");
    }

    void step() {
      step("");
    }

    void step(String note) {
      count = Math.min(total, count + 1);
      int filled = count * WIDTH / total;
      if (filled != drawn || count == total || !note.isEmpty()) {
        draw(note);
      }
    }

    void done() {
      count = total;
      draw("");
      err.println();
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
          (System.nanoTime() - start) / 1e9,
          note);
      err.flush();
    }
  }
}
