package dev.kdbsql.calcite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kdbsql.storage.write.AllTypes;
import dev.kdbsql.storage.write.DatabaseWriter;
import dev.kdbsql.storage.write.WriteOptions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Filters over columns holding kdb+ infinities give one answer whether the scan or Calcite
 * evaluates them: a disjunction across columns (left to Calcite, which reads the values) and the
 * same comparison pushed into the scan. Infinite dates once wrapped around in Calcite's values
 * (0Wd read as a date before 2000), so {@code d >= DATE '2000-01-01' OR f IS NULL} lost every
 * 0Wd row the pushed {@code d >= DATE '2000-01-01'} kept.
 */
class InfiniteDateFilterTest {
  @Test
  void pushedAndCalciteAgreeOverInfinities(@TempDir Path dir) throws Exception {
    DatabaseWriter.open(dir).writeSplayed("types", AllTypes.table(3_000, 11),
        WriteOptions.DEFAULT);
    try (CalciteSql.Twin t = CalciteSql.Twin.open(dir)) {
      for (String sql : List.of(
          "select count(*) from types where d >= date '2000-01-01'",
          "select count(*) from types where d >= date '2000-01-01' or f is null",
          "select count(*) from types where d < date '2000-01-01' or f is null",
          "select count(*) from types where m >= date '2000-01-01' or f is null",
          "select count(*) from types where d >= date '2000-01-01' or e > 0",
          "select count(*) from types where p > timestamp '2000-01-01 00:00:00' or f is null",
          "select count(*) from types where z > timestamp '2000-01-01 00:00:00' or f is null")) {
        assertEquals(CalciteSql.rows(t.reference(), sql), CalciteSql.rows(t.pushed(), sql), sql);
      }
      // Consistent with each other: the disjunction holds the rows of each side.
      assertEquals(CalciteSql.rows(t.pushed(), "select count(*) from types where d >= date"
          + " '2000-01-01' or f is null"), CalciteSql.rows(t.pushed(), "select count(*) from"
          + " types where d >= date '2000-01-01' and f is not null or f is null"));
    }
  }
}
