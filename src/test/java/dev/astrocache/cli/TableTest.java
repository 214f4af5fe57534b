package dev.astrocache.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TableTest {

  @Test
  void toString_alignsTextLeftAndNumbersRight() {
    Table t = new Table("FUNCTION", "ENTRIES>", "LAST USE")
        .row("demo.Prices.quote-2d5b208e", "12", "2026-12-01 21:29:03")
        .row("  d189fae61e37", "1,024", "-")
        .row("é😀", "3", "");
    assertEquals(""
        + "FUNCTION                    ENTRIES  LAST USE\n"
        + "demo.Prices.quote-2d5b208e       12  2026-12-01 21:29:03\n"
        + "  d189fae61e37                1,024  -\n"
        + "é😀                                3\n", t.toString());
  }

  @Test
  void row_ofTheWrongWidth_isABug() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Table("A", "B").row("x"));
    assertEquals("1 cells for 2 columns", e.getMessage());
  }
}
