package dev.mia.examples.pipeline;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A table rendered as GitHub-flavoured markdown whose columns are also aligned in plain text: every
 * cell padded to its column's width, text columns left-aligned and number columns right-aligned
 * (the separator row says so with {@code :---} and {@code ---:}), so the same text reads as a table
 * in a terminal and in a rendered report. A {@code |} inside a cell is escaped as {@code \|}.
 *
 * <pre>{@code
 * | method  | pairs |
 * |:--------|------:|
 * | mia-dpo |   106 |
 * }</pre>
 */
final class MarkdownTable {
  /** How a column's cells are aligned. */
  enum Align {
    /** Text: padded on the right. */
    LEFT,
    /** Numbers: padded on the left. */
    RIGHT
  }

  private final List<String> headers = new ArrayList<>();
  private final List<Align> aligns = new ArrayList<>();
  private final List<List<String>> rows = new ArrayList<>();

  /**
   * Adds a column.
   *
   * @param header the header
   * @param align the cells' alignment
   * @return this table
   * @throws IllegalStateException if a row was already added
   */
  @CanIgnoreReturnValue
  MarkdownTable column(String header, Align align) {
    if (!rows.isEmpty()) {
      throw new IllegalStateException("columns must be added before rows, but the table has rows");
    }
    headers.add(escape(header));
    aligns.add(align);
    return this;
  }

  /**
   * Adds a row.
   *
   * @param cells one cell per column
   * @return this table
   * @throws IllegalArgumentException if the count of cells is not the count of columns
   */
  @CanIgnoreReturnValue
  MarkdownTable row(List<String> cells) {
    if (cells.size() != headers.size()) {
      throw new IllegalArgumentException(
          "a row must have one cell per column ("
              + headers.size()
              + "), but has: "
              + cells.size()
              + " "
              + cells);
    }
    List<String> row = new ArrayList<>();
    cells.forEach(c -> row.add(escape(c)));
    rows.add(row);
    return this;
  }

  /**
   * Adds a row.
   *
   * @param cells one cell per column
   * @return this table
   * @throws IllegalArgumentException if the count of cells is not the count of columns
   */
  @CanIgnoreReturnValue
  MarkdownTable row(String... cells) {
    return row(List.of(cells));
  }

  /**
   * Returns the table's rows.
   *
   * @return the rows added so far, without the header
   */
  int rowCount() {
    return rows.size();
  }

  /**
   * Renders the table: a header row, the separator row and one line per row, each ending in a
   * newline. A column is as wide as its widest cell (at least 3, for the separator).
   *
   * @return the markdown
   * @throws IllegalStateException if the table has no column
   */
  String render() {
    if (headers.isEmpty()) {
      throw new IllegalStateException("a table must have at least one column");
    }
    int[] widths = new int[headers.size()];
    for (int c = 0; c < widths.length; c++) {
      widths[c] = Math.max(3, length(headers.get(c)));
      for (List<String> row : rows) {
        widths[c] = Math.max(widths[c], length(row.get(c)));
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, headers, widths);
    out.append('|');
    for (int c = 0; c < widths.length; c++) {
      boolean right = aligns.get(c) == Align.RIGHT;
      out.append(right ? "" : ":")
          .append("-".repeat(widths[c] + 1))
          .append(right ? ":" : "")
          .append('|');
    }
    out.append('\n');
    for (List<String> row : rows) {
      line(out, row, widths);
    }
    return out.toString();
  }

  private void line(StringBuilder out, List<String> cells, int[] widths) {
    out.append('|');
    for (int c = 0; c < widths.length; c++) {
      String cell = cells.get(c);
      String pad = " ".repeat(widths[c] - length(cell));
      out.append(' ');
      out.append(aligns.get(c) == Align.RIGHT ? pad + cell : cell + pad);
      out.append(" |");
    }
    out.append('\n');
  }

  private static int length(String s) {
    return s.codePointCount(0, s.length());
  }

  private static String escape(String cell) {
    return cell.replace("\n", " ").replace("|", "\\|");
  }

  /**
   * Formats a number with fixed decimals in the root locale; {@code n/a} if it is not finite.
   *
   * @param value the number
   * @param decimals the digits after the point
   * @return the text, e.g. {@code 0.50} for 0.5 and 2 decimals
   */
  static String fixed(double value, int decimals) {
    return Double.isFinite(value)
        ? String.format(Locale.ROOT, "%." + decimals + "f", value)
        : "n/a";
  }

  /**
   * Formats a number with fixed decimals and a sign, {@code +} included; {@code n/a} if it is not
   * finite. Negative zero after rounding prints as {@code +0.0}.
   *
   * @param value the number
   * @param decimals the digits after the point
   * @return the text, e.g. {@code +1.5} or {@code -0.3}
   */
  static String signed(double value, int decimals) {
    if (!Double.isFinite(value)) {
      return "n/a";
    }
    String s = String.format(Locale.ROOT, "%+." + decimals + "f", value);
    return s.matches("-0\\.?0*") ? "+" + s.substring(1) : s;
  }
}
