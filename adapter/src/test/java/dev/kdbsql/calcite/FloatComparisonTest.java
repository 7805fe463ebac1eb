package dev.kdbsql.calcite;

import static dev.kdbsql.calcite.CalciteSql.plan;
import static dev.kdbsql.calcite.CalciteSql.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.write.ColumnData;
import dev.kdbsql.storage.write.DatabaseWriter;
import dev.kdbsql.storage.write.TableData;
import dev.kdbsql.storage.write.WriteOptions;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Comparisons of a float column with a literal, over the values where SQL, Calcite and a scan
 * might part: NaN (kdb+'s null), both zeros, infinities, neighbours of the literal and reals.
 * Each gives Calcite's rows (pushdown=false); the scan enforces the comparison alone (no
 * Calcite filter above it) exactly where nothing can differ: a float column against a non-zero
 * literal that is exactly a double, or above zero or at most zero (a signed zero is neither by
 * Calcite's {@code compareTo} and by SQL's comparison alike). An aggregate over such a filter
 * then runs in the scan.
 */
class FloatComparisonTest {
  @TempDir
  static Path dir;
  private static CalciteSql.Twin db;

  @BeforeAll
  static void write() throws SQLException {
    double[] f = {Double.NaN, 0.0, -0.0, 100.5, Math.nextUp(100.5), Math.nextDown(100.5), 100.0,
        -100.5, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.1, 1e-300, -1e-300, 7.0};
    long[] id = new long[f.length];
    float[] e = new float[f.length];
    for (int i = 0; i < f.length; i++) {
      id[i] = i;
      e[i] = (float) f[i];
    }
    DatabaseWriter.open(dir.resolve("db")).writeSplayed("t", TableData.builder()
        .add("id", ColumnData.longs(KdbType.LONG, id))
        .add("f", ColumnData.doubles(KdbType.FLOAT, f))
        .add("e", ColumnData.reals(e)).build(), WriteOptions.DEFAULT);
    db = CalciteSql.Twin.open(dir.resolve("db"));
  }

  @AfterAll
  static void close() throws SQLException {
    db.close();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "f > 100.5 | true", "f >= 100.5 | true", "f < 100.5 | true", "f <= -100.5 | true",
      "f = 100.5 | true", "f <> 100.5 | true", "f > 100 | true", "f = 7 | true",
      "f > -1e-300 | false", "f < 1e-300 | false", "f > 0.25 | true", "f <= -0.5 | true",
      "f > 0 | true", "f <= 0.0 | true", "0 < f | true", "f >= 0 | false", "f = 0 | false",
      "f <> 0.0 | false", "f < -0.0 | false", "f > -0.0 | true",
      "f > 0.1 | false", "f = 0.1 | false", "f < 100.50000000000001 | false",
      "e > 100.5 | false", "e = 7 | false"})
  void sameRowsAsCalcite(String where, boolean enforced) throws SQLException {
    for (String sql : List.of("select id from t where " + where,
        "select count(*), sum(f) from t where " + where)) {
      List<String> want = rows(db.reference(), sql).stream().sorted().toList();
      assertEquals(want, rows(db.pushed(), sql).stream().sorted().toList(), sql);
    }
    String p = plan(db.pushed(), "select id from t where " + where);
    assertTrue(p.contains("KdbTableScan"), p);
    assertEquals(enforced, !p.contains("EnumerableCalc") && !p.contains("remaining="), p);
    if (enforced) {
      String agg = plan(db.pushed(), "select count(*), max(id) from t where " + where);
      assertTrue(agg.contains("aggregate=[") && !agg.contains("EnumerableAggregate"), agg);
    }
  }
}
