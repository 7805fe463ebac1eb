package dev.kdbsql.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Compares a table with a CSV file the fixture's own repository ships as its expected contents,
 * cell by cell, using the CSV's conventions (nulls empty, bytes in hex, q-style timespans).
 * Floating-point cells are compared to the precision the CSV printed.
 */
final class CsvOracle {
  private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

  private CsvOracle() {}

  /** Asserts every CSV column equals the table column of the same name; returns cells compared. */
  static long assertMatches(KdbTable table, Path csvFile) {
    List<String[]> csv = Fixtures.csv(csvFile);
    String[] header = csv.get(0);
    long cells = 0;
    assertEquals(csv.size() - 1, table.rowCount(), "rows of " + table);
    int base = 1;
    for (TableSlice s : table.slices()) {
      try (s) {
        int rows = (int) s.rowCount();
        for (int c = 0; c < header.length; c++) {
          int col = table.columnIndex(header[c]);
          assertTrue(col >= 0, "no column " + header[c] + " in " + table);
          Column column = s.column(col);
          for (int r = 0; r < rows; r++) {
            compare(column, r, csv.get(base + r)[c], table.name() + "." + header[c] + " row " + r);
            cells++;
          }
        }
        base += rows;
      }
    }
    return cells;
  }

  private static void compare(Column column, long row, String expected, String where) {
    KdbType type = column.type().element();
    if (type == KdbType.REAL || type == KdbType.FLOAT) {
      double v = column.getDouble(row);
      if (expected.isEmpty()) {
        assertTrue(Double.isNaN(v), where + ": expected null, got " + v);
      } else {
        double e = Double.parseDouble(expected);
        assertEquals(e, v, Math.max(Math.abs(e) * 1e-6, 1e-9), where);
      }
      return;
    }
    if (type == KdbType.CHAR) {
      assertEquals(expected, String.valueOf((char) column.getByte(row)), where);
      return;
    }
    assertEquals(expected, text(column.getObject(row), type), where);
  }

  /** The CSV spelling of a decoded value. */
  static String text(Object v, KdbType type) {
    if (v == null) {
      return type == KdbType.GUID ? "00000000-0000-0000-0000-000000000000" : "";
    }
    return switch (type) {
      case BOOLEAN -> (Boolean) v ? "1" : "0";
      case BYTE -> String.format("%02x", (Integer) v);
      case TIMESTAMP -> ((LocalDateTime) v).toLocalDate() + "D"
          + DateTimeFormatter.ofPattern("HH:mm:ss.nnnnnnnnn").format((LocalDateTime) v);
      case DATETIME -> DATETIME.format((LocalDateTime) v);
      case TIMESPAN -> timespan((Duration) v);
      case MINUTE -> DateTimeFormatter.ofPattern("HH:mm").format((LocalTime) v);
      case SECOND -> DateTimeFormatter.ofPattern("HH:mm:ss").format((LocalTime) v);
      case TIME -> DateTimeFormatter.ofPattern("HH:mm:ss.SSS").format((LocalTime) v);
      default -> v.toString();
    };
  }

  private static String timespan(Duration d) {
    if (d.isNegative()) {
      fail("negative timespans are not in the fixtures");
    }
    long n = d.toNanos();
    long day = Temporals.NANOS_PER_DAY;
    return (n / day) + "D" + DateTimeFormatter.ofPattern("HH:mm:ss.nnnnnnnnn")
        .format(LocalTime.ofNanoOfDay(n % day));
  }
}
