package dev.kdbsql.spark;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.storage.Database;
import dev.kdbsql.storage.Fixtures;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Filters on stored columns of the real q-written fixtures run in the scan and give Spark's own
 * answer and the JDBC driver's answer to the same WHERE ({@link FilterCheck}): for every column
 * of a type the scan filters (one of each type per table; only symbols in tables of more than
 * 5,000 rows), equality with a stored value, a range below it, IN and NOT IN of two
 * stored values, and null tests (real nulls, p# and enumerated symbols, every type of the
 * DolphinDB sample, partitioned, splayed, flat and segmented tables).
 */
class FixtureFilterSparkTest {
  /** Tables with more rows are left out (the check keeps every row in the driver's JVM). */
  private static final int MAX_ROWS = 250_000;
  /** Tables with more rows have only their symbol columns checked. */
  private static final int MAX_ROWS_ALL_TYPES = 5_000;
  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = LocalSpark.start("FixtureFilterSparkTest");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @ParameterizedTest
  @ValueSource(strings = {"dolphindb__DolphinDBPlugin/kdb/test/data/kdb_sample/allDataTypes",
      "dolphindb__DolphinDBPlugin/kdb/test/data/kdb_sample",
      "DataIntellectTech__TorQ-Finance-Starter-Pack/hdb",
      "DataIntellectTech__TorQ/tests/dataaccess/checkinputs/dailyhdb",
      "egor7__q/hdb", "mkeenan-kdb__memoriesPOC/db", "derived/segmented-dailyhdb/db"})
  void columnFiltersGiveSparksAndTheDriversRows(String fixture) throws SQLException {
    Path db = Fixtures.path(fixture);
    List<String> tables;
    try (Database d = Database.open(db)) {
      tables = new ArrayList<>(d.tables().keySet());
    }
    int checked = 0;
    for (String t : tables) {
      try {
        SameAsJdbc.jdbc(db, t, "1 = 0");
      } catch (SQLException e) {
        continue; // a broken fixture table (FixtureSparkTest checks its error)
      }
      FilterCheck c = new FilterCheck(spark, db, t, Map.of("timestampAs", "nanos"));
      int rows = c.rows().size();
      if (rows == 0 || rows > MAX_ROWS) {
        continue;
      }
      // One column of each type per table.
      Set<String> types = new HashSet<>();
      for (StructField f : c.schema().fields()) {
        String type = f.metadata().getString(SparkTypes.KDB_TYPE);
        if ((rows <= MAX_ROWS_ALL_TYPES || type.equals("s")) && types.add(type)) {
          checked += column(c, f, rows);
        }
      }
    }
    assertTrue(checked > 0, "no column filter checked in " + fixture);
  }

  /** The checks of one column; returns how many were made. */
  private static int column(FilterCheck c, StructField f, int rows) throws SQLException {
    String type = f.metadata().getString(SparkTypes.KDB_TYPE);
    String name = f.name();
    if (type.equals("C")) {
      c.check(col(name).isNull(), c.sqlNullTest(name, false), true);
      return 1;
    }
    if (type.length() != 1 || "xhijefcspmdnuvt".indexOf(type.charAt(0)) < 0) {
      return 0;
    }
    Object v = null;
    Object w = null;
    for (int r = rows / 2, n = 0; n < rows && (v == null || w == null); r = (r + 1) % rows, n++) {
      Object x = c.value(r, name);
      if (x != null && v == null) {
        v = x;
      } else if (x != null && !x.equals(v)) {
        w = x;
      }
    }
    if (v == null) {
      c.check(col(name).isNull(), c.sqlNullTest(name, false), true);
      return 1;
    }
    c.compare(name, "=", v, true);
    c.compare(name, "<>", v, true);
    if (!type.equals("s")) {
      c.compare(name, "<", v, true);
      c.compare(name, ">=", v, true);
    }
    if (w != null) {
      c.in(name, false, true, v, w);
      c.in(name, true, true, v, w);
    }
    c.check(col(name).isNull(), c.sqlNullTest(name, false), true);
    c.check(col(name).isNotNull(), c.sqlNullTest(name, true), true);
    return 1;
  }
}
