package dev.kdbsql.calcite;

import static dev.kdbsql.calcite.CalciteSql.plan;
import static dev.kdbsql.calcite.CalciteSql.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.Nulls;
import dev.kdbsql.storage.write.ColumnData;
import dev.kdbsql.storage.write.DatabaseWriter;
import dev.kdbsql.storage.write.PartitionValue;
import dev.kdbsql.storage.write.TableData;
import dev.kdbsql.storage.write.WriteOptions;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code COUNT(DISTINCT x)} computed by the scan (of any column it can group by, the partition
 * column included, beside {@code COUNT(*)} and {@code COUNT(y)}, globally or by keys, filtered,
 * sorted and limited): the plan is the scan alone, and its rows are Calcite's
 * ({@code pushdown=false}), over nulls of every kind (which DISTINCT does not count), times
 * outside one day (which Calcite reads as NULL, so they are not distinct values), an empty
 * partition and groups whose values are all null. Mixed with other aggregates, or two distinct
 * arguments, it is left to Calcite's expansion, with the same rows.
 */
class DistinctCountTest {
  @TempDir
  static Path dir;
  private static CalciteSql.Twin db;

  @BeforeAll
  static void write() throws SQLException {
    DatabaseWriter w = DatabaseWriter.open(dir.resolve("db"));
    for (int d = 0; d < 4; d++) {
      // Day 0 has no rows.
      int rows = d == 0 ? 0 : 40 * d;
      String[] sym = new String[rows];
      byte[] ex = new byte[rows];
      int[] i = new int[rows];
      int[] tm = new int[rows];
      long[] ts = new long[rows];
      boolean[] b = new boolean[rows];
      double[] f = new double[rows];
      for (int r = 0; r < rows; r++) {
        sym[r] = r % 9 == 0 ? "" : "s" + (r * 7 + d) % (3 + d);
        ex[r] = r % 5 == 0 ? (byte) ' ' : (byte) ('A' + (r + d) % 3);
        i[r] = r % 4 == 0 ? Nulls.INT_NULL : (r * d) % 11;
        // Times outside one day (negative, or past 24:00) are NULL to Calcite.
        tm[r] = r % 6 == 0 ? Nulls.INT_NULL : r % 7 == 0 ? -1_000 - r
            : r % 8 == 0 ? 90_000_000 + r : (r % 13) * 3_600_000 + d;
        ts[r] = r % 10 == 0 ? Nulls.LONG_NULL : (r % 17) * 1_000_000_001L + 1;
        b[r] = (r + d) % 3 == 0;
        f[r] = r % 5;
      }
      w.writePartition(PartitionValue.date(LocalDate.of(2024, 3, 1 + d)), "t",
          TableData.builder().add("sym", ColumnData.symbols(sym))
              .add("ex", ColumnData.bytes(KdbType.CHAR, ex))
              .add("i", ColumnData.ints(KdbType.INT, i))
              .add("tm", ColumnData.ints(KdbType.TIME, tm))
              .add("ts", ColumnData.longs(KdbType.TIMESTAMP, ts))
              .add("b", ColumnData.booleans(b))
              .add("f", ColumnData.doubles(KdbType.FLOAT, f)).build(), WriteOptions.DEFAULT);
    }
    db = CalciteSql.Twin.open(dir.resolve("db"));
  }

  @AfterAll
  static void close() throws SQLException {
    db.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "select count(distinct \"date\") from t",
      "select count(distinct \"date\") from t where sym = 's1'",
      "select count(distinct \"date\") as n, count(*) from t where i > 5",
      "select count(distinct sym), count(*) from t",
      "select count(distinct sym), count(*), count(i), count(distinct sym) from t where i > 5",
      "select count(distinct ex) from t",
      "select count(distinct i) from t",
      "select count(distinct tm) from t",
      "select count(distinct ts) from t where \"date\" > date '2024-03-02'",
      "select count(distinct b) from t",
      "select count(distinct extract(hour from tm)) from t",
      "select count(distinct sym) from t where sym = 'none'",
      "select count(distinct \"date\"), count(*) from t where sym = 'none'",
      "select sym, count(distinct \"date\") from t group by sym order by sym",
      "select \"date\", count(distinct sym), count(*) from t group by \"date\" order by \"date\"",
      "select ex, count(distinct sym) as n from t group by ex order by n desc, ex",
      "select ex, count(distinct sym) as n from t group by ex order by n desc, ex limit 2",
      "select sym, b, count(distinct i), count(f) from t where \"date\" = date '2024-03-03'"
          + " group by sym, b order by sym, b",
      "select sym, count(distinct i) from t where sym = 'none' group by sym",
      "select count(distinct sym) * 2 + 1 as x from t",
      "select sym, count(distinct sym) from t group by sym order by sym",
      "select \"date\", count(distinct \"date\"), count(*) from t group by \"date\""
          + " order by \"date\"",
      "select count(distinct \"date\") from t where \"date\" = date '2024-03-01'"})
  void countedInTheScan(String sql) throws SQLException {
    String plan = plan(db.pushed(), sql);
    assertTrue(plan.contains("COUNT(DISTINCT "), plan);
    assertFalse(plan.contains("EnumerableAggregate") || plan.contains("EnumerableSort"), plan);
    assertSameRows(sql);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "select count(distinct sym), sum(i) from t",
      "select count(distinct sym), count(distinct ex) from t",
      "select sym, count(distinct ex), max(tm) from t group by sym order by sym",
      "select count(distinct f) from t",
      "select count(distinct sym) filter (where i > 3) from t"})
  void otherShapesLeftToCalcite(String sql) throws SQLException {
    assertTrue(plan(db.pushed(), sql).contains("EnumerableAggregate"), sql);
    assertSameRows(sql);
  }

  private static void assertSameRows(String sql) throws SQLException {
    List<String> expected = rows(db.reference(), sql);
    List<String> actual = rows(db.pushed(), sql);
    if (!sql.contains("order by")) {
      expected = expected.stream().sorted().toList();
      actual = actual.stream().sorted().toList();
    }
    assertEquals(expected, actual, sql);
  }
}
