package dev.astrocache.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * An aligned table for people: a header row, then rows; columns are separated by two spaces,
 * text columns aligned left and number columns right.
 */
final class Table {
  private final String[] headers;
  private final boolean[] right;
  private final List<String[]> rows = new ArrayList<>();

  /** Headers ending in {@code >} name right-aligned columns (the {@code >} is not shown). */
  Table(String... headers) {
    this.headers = new String[headers.length];
    this.right = new boolean[headers.length];
    for (int i = 0; i < headers.length; i++) {
      right[i] = headers[i].endsWith(">");
      this.headers[i] = right[i] ? headers[i].substring(0, headers[i].length() - 1) : headers[i];
    }
  }

  Table row(String... cells) {
    if (cells.length != headers.length) {
      throw new IllegalArgumentException(cells.length + " cells for " + headers.length
          + " columns");
    }
    rows.add(cells.clone());
    return this;
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  @Override
  public String toString() {
    int[] widths = new int[headers.length];
    for (int i = 0; i < headers.length; i++) {
      widths[i] = width(headers[i]);
      for (String[] row : rows) {
        widths[i] = Math.max(widths[i], width(row[i]));
      }
    }
    StringBuilder b = new StringBuilder();
    line(b, headers, widths);
    for (String[] row : rows) {
      line(b, row, widths);
    }
    return b.toString();
  }

  private void line(StringBuilder b, String[] cells, int[] widths) {
    StringBuilder l = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      String cell = cells[i] == null ? "" : cells[i];
      String pad = " ".repeat(widths[i] - width(cell));
      if (i > 0) {
        l.append("  ");
      }
      l.append(right[i] ? pad + cell : cell + (i + 1 < cells.length ? pad : ""));
    }
    b.append(l.toString().stripTrailing()).append('\n');
  }

  private static int width(String s) {
    return s == null ? 0 : s.codePointCount(0, s.length());
  }
}
