package dev.mia.examples.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mia.examples.pipeline.MarkdownTable.Align;
import org.junit.jupiter.api.Test;

class MarkdownTableTest {
  @Test
  void pads_every_cell_to_its_column_and_marks_the_alignment() {
    String table =
        new MarkdownTable()
            .column("method", Align.LEFT)
            .column("pairs", Align.RIGHT)
            .row("mia-dpo", "106")
            .row("continued-sft", "7")
            .render();

    assertThat(table)
        .isEqualTo(
            "| method        | pairs |\n"
                + "|:--------------|------:|\n"
                + "| mia-dpo       |   106 |\n"
                + "| continued-sft |     7 |\n");
  }

  @Test
  void columns_are_at_least_three_wide_and_count_code_points() {
    String table = new MarkdownTable().column("Δ", Align.RIGHT).row("±1").render();

    assertThat(table).isEqualTo("|   Δ |\n|----:|\n|  ±1 |\n");
  }

  @Test
  void escapes_bars_and_newlines_in_cells() {
    String table = new MarkdownTable().column("a|b", Align.LEFT).row("x\ny|z").render();

    assertThat(table).isEqualTo("| a\\|b   |\n|:-------|\n| x y\\|z |\n");
  }

  @Test
  void rejects_a_row_of_the_wrong_width_and_columns_after_rows() {
    MarkdownTable table = new MarkdownTable().column("a", Align.LEFT).column("b", Align.LEFT);

    assertThatThrownBy(() -> table.row("1"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("a row must have one cell per column (2), but has: 1 [1]");
    table.row("1", "2");
    assertThatThrownBy(() -> table.column("c", Align.LEFT))
        .isExactlyInstanceOf(IllegalStateException.class)
        .hasMessage("columns must be added before rows, but the table has rows");
    assertThatThrownBy(() -> new MarkdownTable().render())
        .isExactlyInstanceOf(IllegalStateException.class)
        .hasMessage("a table must have at least one column");
  }

  @Test
  void formats_numbers_with_fixed_decimals_and_signs() {
    assertThat(MarkdownTable.fixed(0.5, 2)).isEqualTo("0.50");
    assertThat(MarkdownTable.fixed(106.0, 0)).isEqualTo("106");
    assertThat(MarkdownTable.fixed(Double.NaN, 1)).isEqualTo("n/a");
    assertThat(MarkdownTable.signed(1.25, 1)).isEqualTo("+1.3");
    assertThat(MarkdownTable.signed(-0.3, 1)).isEqualTo("-0.3");
    assertThat(MarkdownTable.signed(-0.01, 1)).isEqualTo("+0.0");
    assertThat(MarkdownTable.signed(Double.POSITIVE_INFINITY, 1)).isEqualTo("n/a");
  }

  @Test
  void spreads_print_in_points() {
    assertThat(Spread.of(java.util.List.of(0.43, 0.45)).points()).isEqualTo("44.0 ± 1.4");
    assertThat(Spread.of(java.util.List.of(0.03, 0.05)).signedPoints()).isEqualTo("+4.0 ± 1.4");
    assertThat(Spread.of(java.util.List.of()).points()).isEqualTo("n/a");
    assertThat(Spread.of(java.util.List.of(0.5))).isEqualTo(new Spread(0.5, 0.0, 1));
  }
}
