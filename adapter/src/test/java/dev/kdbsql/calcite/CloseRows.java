package dev.kdbsql.calcite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;

/**
 * Compares result rows (cells joined by {@code |}, as {@link CalciteSql#rows} gives them, or
 * as {@link CalciteSql#objects} with its {@code Double:} prefixes) that
 * may differ in floating-point sums: the scan adds the sums of partitions (or of ranges of a
 * large partition) in storage order, Calcite adds row by row. Cells holding a decimal point or
 * exponent are compared as doubles with a relative tolerance of 1e-9 (NaN equals NaN); every
 * other cell, and the row count, exactly. The bound of either order's error grows with the row
 * count times the machine epsilon (1.1e-16) and with cancellation ({@code avg(ask - bid)} over a
 * million quotes differs by 1e-11 relative).
 */
final class CloseRows {
  /** Relative tolerance for floating-point cells. */
  static final double TOLERANCE = 1e-9;

  private CloseRows() {
  }

  static void assertClose(List<String> expected, List<String> actual, String message) {
    assertEquals(expected.size(), actual.size(), message + ": row count\n" + expected + "\n"
        + actual);
    for (int r = 0; r < expected.size(); r++) {
      String[] e = expected.get(r).split("\\|", -1);
      String[] a = actual.get(r).split("\\|", -1);
      String where = message + ": row " + r + "\nexpected " + expected.get(r) + "\nactual   "
          + actual.get(r);
      assertEquals(e.length, a.length, where);
      for (int i = 0; i < e.length; i++) {
        String x = e[i].startsWith("Double:") ? e[i].substring(7) : e[i];
        String y = a[i].startsWith("Double:") && e[i].startsWith("Double:") ? a[i].substring(7)
            : a[i];
        if (!e[i].equals(a[i]) && !(floating(x) && floating(y) && close(x, y))) {
          fail(where);
        }
      }
    }
  }

  private static boolean floating(String cell) {
    return cell.matches("-?(\\d+\\.\\d*(E-?\\d+)?|\\d+E-?\\d+|NaN|Infinity)");
  }

  private static boolean close(String e, String a) {
    double x = Double.parseDouble(e);
    double y = Double.parseDouble(a);
    if (Double.isNaN(x) || Double.isNaN(y) || Double.isInfinite(x) || Double.isInfinite(y)) {
      return Double.compare(x, y) == 0;
    }
    return Math.abs(x - y) <= TOLERANCE * Math.max(Math.abs(x), Math.abs(y));
  }
}
