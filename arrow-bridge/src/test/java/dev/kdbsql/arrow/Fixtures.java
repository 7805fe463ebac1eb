package dev.kdbsql.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.ColumnType;
import dev.kdbsql.storage.KdbTable;
import dev.kdbsql.storage.TableSlice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/** Test data: the real fixtures, a generated table of every type, and a raw-value comparison. */
public final class Fixtures {
  private Fixtures() {}

  /** A folder of the real q-written fixtures; skips the test when the fixtures are missing. */
  public static Path fixture(String relative) {
    String root = System.getProperty("kdb.fixtures", "../../shared/kdb-fixtures");
    Path p = Path.of(root).resolve(relative);
    Assumptions.assumeTrue(Files.exists(p), "kdb+ fixtures not found at " + p
        + " (set -Dkdb.fixtures)");
    return p;
  }

  /** The all-types fixture database (a splayed and a flat table of every simple type). */
  public static Path allDataTypes() {
    return fixture("dolphindb__DolphinDBPlugin/kdb/test/data/kdb_sample/allDataTypes");
  }

  /**
   * Asserts that two tables hold the same columns, types and raw values (sentinels included),
   * slice by slice; {@code expectedSlices} and {@code actualSlices} are closed.
   */
  public static void assertSameTables(KdbTable expected, List<TableSlice> expectedSlices,
      KdbTable actual, List<TableSlice> actualSlices) {
    assertEquals(expected.columns().size(), actual.columns().size(), "columns of " + actual);
    assertEquals(expectedSlices.size(), actualSlices.size(), "slices of " + actual);
    for (int s = 0; s < expectedSlices.size(); s++) {
      try (TableSlice es = expectedSlices.get(s); TableSlice as = actualSlices.get(s)) {
        assertEquals(es.rowCount(), as.rowCount(), "rows of " + as);
        for (int c = 0; c < expected.columns().size(); c++) {
          String name = expected.columns().get(c).name();
          assertEquals(name, actual.columns().get(c).name());
          assertSameColumn(es.column(c), as.column(c));
        }
      }
    }
  }

  /** Asserts that two columns have the same type and raw values. */
  public static void assertSameColumn(Column e, Column a) {
    ColumnType type = e.type();
    assertEquals(type, a.type(), "type of " + a.file());
    assertEquals(e.size(), a.size(), "size of " + a.file());
    for (long k = 0; k < e.size(); k++) {
      String at = a.file() + " row " + k;
      if (type.isString()) {
        assertEquals(e.getString(k), a.getString(k), at);
        continue;
      }
      switch (type.element()) {
        case BOOLEAN, BYTE, CHAR -> assertEquals(e.getByte(k), a.getByte(k), at);
        case GUID -> {
          assertEquals(e.getGuidHigh(k), a.getGuidHigh(k), at);
          assertEquals(e.getGuidLow(k), a.getGuidLow(k), at);
        }
        case SHORT -> assertEquals(e.getShort(k), a.getShort(k), at);
        case REAL -> assertEquals(e.getFloat(k), a.getFloat(k), at);
        case FLOAT, DATETIME -> assertEquals(e.getDouble(k), a.getDouble(k), at);
        case SYMBOL -> assertEquals(e.getSymbol(k), a.getSymbol(k), at);
        default -> {
          if (type.element().isLongLike()) {
            assertEquals(e.getLong(k), a.getLong(k), at);
          } else {
            assertEquals(e.getInt(k), a.getInt(k), at);
          }
        }
      }
    }
  }
}
