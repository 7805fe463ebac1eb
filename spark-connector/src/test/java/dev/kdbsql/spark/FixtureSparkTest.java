package dev.kdbsql.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.storage.Database;
import dev.kdbsql.storage.Fixtures;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every table of the real q-written fixtures read through Spark, row by row equal to the JDBC
 * driver's answer (timestamps compared to the nanosecond); a table the driver cannot read fails
 * in Spark too, with the storage layer's message.
 */
class FixtureSparkTest {
  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = LocalSpark.start("FixtureSparkTest");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static Dataset<Row> read(Path db, String table, String... options) {
    var r = spark.read().format("kdb").option("table", table);
    for (int i = 0; i < options.length; i += 2) {
      r = r.option(options[i], options[i + 1]);
    }
    return r.load(db.toString());
  }

  /** Compares every table of {@code db}; returns the number compared. */
  static int compareAll(Path db, String... options) throws SQLException {
    Map<String, String> opts = new java.util.HashMap<>(Map.of("path", db.toString()));
    for (int i = 0; i < options.length; i += 2) {
      opts.put(options[i], options[i + 1]);
    }
    KdbOptions parsed = KdbOptions.parse(opts);
    List<String> tables;
    try (Database d = Database.open(db)) {
      tables = new ArrayList<>(d.tables().keySet());
    }
    int compared = 0;
    for (String t : tables) {
      SameAsJdbc.JdbcRows reference;
      try {
        reference = SameAsJdbc.jdbc(db, t);
      } catch (SQLException e) {
        // The driver cannot read it (a broken fixture): Spark must not read it either.
        Exception sparkError = assertThrows(Exception.class,
            () -> read(db, t, options).collectAsList(), "Spark read " + t + " of " + db);
        assertTrue(causes(sparkError).contains(" at offset ") || causes(sparkError)
            .contains(db.toString()), "Spark's error names no file: " + causes(sparkError));
        continue;
      }
      Dataset<Row> df = read(db, t, options);
      List<Row> rows = df.collectAsList();
      SameAsJdbc.assertSame(rows, df.schema(), reference, db, t, parsed);
      compared++;
    }
    return compared;
  }

  static String causes(Throwable e) {
    StringBuilder b = new StringBuilder();
    for (Throwable c = e; c != null; c = c.getCause()) {
      b.append(c).append(" <- ");
    }
    return b.toString();
  }

  @ParameterizedTest
  @ValueSource(strings = {"egor7__q/db", "egor7__q/hdb", "egor7__q/tab", "egor7__q/spla",
      "DataIntellectTech__TorQ/tests/dataaccess/checkinputs/dailyhdb",
      "DataIntellectTech__TorQ/tests/dataaccess/checkinputs/monthlyhdb",
      "DataIntellectTech__TorQ/tests/dataaccess/checkinputs/yearlyhdb",
      "DataIntellectTech__TorQ/tests/dataaccess/queryorder/hdb",
      "DataIntellectTech__TorQ/tests/stp/tickerlog/singoldlog/testhdb",
      "DataIntellectTech__TorQ-Finance-Starter-Pack/hdb",
      "DataIntellectTech__TorQ-Finance-Starter-Pack/dqe/dqcdb/database",
      "DataIntellectTech__TorQ-Amazon-FinSpace-Starter-Pack/datehdb/hdb",
      "dolphindb__DolphinDBPlugin/kdb/test/data/kdb_sample",
      "dolphindb__DolphinDBPlugin/kdb/test/data/kdb_sample/allDataTypes",
      "jbetz34__advancedKDB/hdb", "ssshahani__KDB-Trading-Analytics/db",
      "pduffy1107__advanced-kdb/db/hdb", "chanjam03__AdvKDB/hdb",
      "ArmanTee__sample_tick/tick_log/sym/data/marketData",
      "AquaQAnalytics__TorQ-Air/@a6bae36/hdb",
      "derived/segmented-dailyhdb/db", "mkeenan-kdb__memoriesPOC/db"})
  void everyRowIsTheDriversRowToTheNanosecond(String fixture) throws SQLException {
    Path db = Fixtures.path(fixture);
    assertTrue(compareAll(db, "timestampAs", "nanos") > 0, "no table compared in " + fixture);
  }

  @Test
  void timestampsAsSparkTimestampsAreTheDriversFlooredToTheMicrosecond() throws SQLException {
    for (String fixture : List.of("DataIntellectTech__TorQ/tests/dataaccess/checkinputs/dailyhdb",
        "dolphindb__DolphinDBPlugin/kdb/test/data/kdb_sample/allDataTypes")) {
      assertTrue(compareAll(Fixtures.path(fixture)) > 0, fixture);
    }
  }
}
