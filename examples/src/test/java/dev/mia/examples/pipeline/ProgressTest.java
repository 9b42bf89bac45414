package dev.mia.examples.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {
  private static final long SECOND = 1_000_000_000L;

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private final AtomicLong now = new AtomicLong();

  private String text() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void plain_lines_report_count_rate_and_time_left_every_interval_and_never_use_carriage_returns() {
    Progress progress = new Progress(err, Progress.Style.LINES, 10 * SECOND, now::get);
    Progress.Bar bar = progress.bar("seed 0 sft", 100);
    for (int i = 0; i < 100; i++) {
      now.addAndGet(SECOND / 2); // 2 steps a second
      bar.step("loss 0.5");
      if (i == 49) {
        err.println("skipped a step"); // a line written between two reports stays its own
      }
    }
    bar.done();

    // 20 steps per 10 s: reports at steps 20, 40, 60, 80, then the final one
    assertThat(text())
        .doesNotContain("\r")
        .isEqualTo(
            "seed 0 sft: 20/100 (20%) 2.0/s 10s, 40s left loss 0.5\n"
                + "seed 0 sft: 40/100 (40%) 2.0/s 20s, 30s left loss 0.5\n"
                + "skipped a step\n"
                + "seed 0 sft: 60/100 (60%) 2.0/s 30s, 20s left loss 0.5\n"
                + "seed 0 sft: 80/100 (80%) 2.0/s 40s, 10s left loss 0.5\n"
                + "seed 0 sft: 100/100 (100%) 2.0/s 50s, done\n");
  }

  @Test
  void a_stage_shorter_than_the_interval_prints_one_line_at_its_end() {
    Progress progress = new Progress(err, Progress.Style.LINES, 10 * SECOND, now::get);
    Progress.Bar bar = progress.bar("eval", 4);
    for (int i = 0; i < 4; i++) {
      now.addAndGet(SECOND);
      bar.step();
    }
    bar.done();
    bar.done();

    assertThat(text()).isEqualTo("eval: 4/4 (100%) 1.0/s 4s, done\n");
  }

  @Test
  void the_bar_style_redraws_in_place() {
    Progress progress = new Progress(err, Progress.Style.BAR, 10 * SECOND, now::get);
    Progress.Bar bar = progress.bar("eval", 2);
    bar.step();
    bar.step();
    bar.done();

    assertThat(text()).startsWith("\reval").contains("] 2/2").endsWith("\n");
  }

  @Test
  void rejects_a_negative_interval() {
    assertThatThrownBy(() -> new Progress(err, Progress.Style.LINES, -1, now::get))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("intervalNanos must be >= 0, but is: -1");
  }
}
