package dev.kdbsql.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.sample.SampleDatabase;
import dev.kdbsql.storage.Fixtures;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad files and bad requests: a damaged partition fails the task with the storage layer's
 * message naming the file (and only a read that reaches it fails); broken fixtures fail the same
 * way; bad options and unknown tables fail at {@code load} with a message saying what to change.
 */
class BrokenDatabaseSparkTest {
  @TempDir
  static Path dir;
  static Path db;
  static SparkSession spark;

  @BeforeAll
  static void start() throws IOException {
    db = dir.resolve("hdb");
    SampleDatabase.of(8_000, 4, 5).writeTo(db);
    // 2024-01-04: the trade prices lose their last 100 rows (a ragged table).
    Path price = db.resolve("2024.01.04/trade/price");
    try (RandomAccessFile f = new RandomAccessFile(price.toFile(), "rw")) {
      f.setLength(f.length() - 800);
    }
    // 2024-01-03: the quote bids' header is overwritten (not a kdb+ column file). Not the last
    // partition, from which the schema is read, as q reads it.
    Path bid = db.resolve("2024.01.03/quote/bid");
    try (RandomAccessFile f = new RandomAccessFile(bid.toFile(), "rw")) {
      f.write(new byte[] {'n', 'o', 't', ' ', 'k', 'd', 'b', '+'});
    }
    spark = LocalSpark.start("BrokenDatabaseSparkTest");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static Dataset<Row> read(Path root, String table) {
    return spark.read().format("kdb").option("table", table).load(root.toString());
  }

  static String failure(Runnable action) {
    Throwable e = assertThrows(Throwable.class, action::run);
    return FixtureSparkTest.causes(e);
  }

  @Test
  void aDamagedPartitionFailsTheReadNamingItsFile() {
    String ragged = failure(() -> read(db, "trade").collectAsList());
    assertTrue(ragged.contains("StorageException: " + db.resolve("2024.01.04/trade/price")
        + " at offset 8: header count 2000 exceeds the 1900 elements the file holds: the file "
        + "is truncated"), ragged);

    String header = failure(() -> read(db, "quote").select("bid").collectAsList());
    assertTrue(header.contains("StorageException: " + db.resolve("2024.01.03/quote/bid")
        + " at offset 0: unknown kdb+ file format"), header);
  }

  @Test
  void readsThatNeverReachTheDamageSucceed() {
    assertEquals(6000, read(db, "trade").filter("date <> DATE'2024-01-04'").collectAsList()
        .size());
    assertEquals(6000, read(db, "trade").filter("date <> DATE'2024-01-04'").count());
  }

  /**
   * A slice is read whole or not at all: its row count comes from headers only once every column
   * of the schema passes the checks a full read applies (issue 16), so a count, or a read of other
   * columns, of a damaged partition fails naming the damaged file, as SELECT * does.
   */
  @Test
  void countsAndReadsOfOtherColumnsOfADamagedPartitionFailAsAFullReadDoes() {
    String count = failure(() -> read(db, "trade").count());
    assertTrue(count.contains(db.resolve("2024.01.04/trade/price") + " at offset 8: header count"
        + " 2000 exceeds the 1900 elements the file holds"), count);
    String others = failure(() -> read(db, "quote").select("date", "sym", "ask")
        .collectAsList());
    assertTrue(others.contains(db.resolve("2024.01.03/quote/bid") + " at offset 0: unknown kdb+"
        + " file format"), others);
  }

  @Test
  void brokenFixturesFailNamingTheFile() {
    Path air = Fixtures.path("AquaQAnalytics__TorQ-Air/@3f25d75/hdb");
    String stale = failure(() -> read(air, "flights").select("sym").collectAsList());
    assertTrue(stale.contains("flights/sym at offset ") && stale.contains(
        "is outside domain `sym` (129 symbols in " + air.resolve("sym")), stale);

    Path course = Fixtures.path("ArmanTee__sample_tick/db");
    String ragged = failure(() -> read(course, "t2").collectAsList());
    assertTrue(ragged.contains(course.resolve("t2").toString()), ragged);
    String noD = failure(() -> read(course, "t1"));
    assertTrue(noD.contains(course.resolve("t1/.d") + ": missing .d file"), noD);
  }

  @Test
  void strictPartitionsFailWhereTheTableIsMissing() {
    Path hdb = Fixtures.path("jbetz34__advancedKDB/hdb");
    assertEquals(396 + 1986 + 1549, read(hdb, "OHLC").collectAsList().size());
    String strict = failure(() -> spark.read().format("kdb").option("table", "OHLC")
        .option("strictPartitions", "true").load(hdb.toString()).collectAsList());
    assertTrue(strict.contains(hdb.resolve("2020.03.22/OHLC")
        + ": table OHLC is missing from partition 2020.03.22 (strict partitions)"), strict);
  }

  @Test
  void badRequestsSayWhatToChange() {
    String unknown = failure(() -> read(db, "trades"));
    assertTrue(unknown.contains("no table trades in the kdb+ database at " + db
        + " (tables: [daily, quote, ref, trade])"), unknown);
    String none = failure(() -> spark.read().format("kdb").load(db.toString()));
    assertTrue(none.contains("option table is required: the database at " + db
        + " holds tables [daily, quote, ref, trade]"), none);
    String option = failure(() -> spark.read().format("kdb").option("table", "trade")
        .option("timestampAs", "millis").load(db.toString()));
    assertTrue(option.contains("option timestampAs must be 'timestamp' or 'nanos', not 'millis'"),
        option);
    String missing = failure(() -> read(dir.resolve("nowhere"), "trade"));
    assertTrue(missing.contains(dir.resolve("nowhere")
        + ": not a kdb+ database: no such file or directory"), missing);
    assertTrue(Files.isDirectory(db));
    // Table names match ignoring case when that is unambiguous; the only table needs no option.
    assertEquals(6000, read(db, "TRADE").filter("date <> DATE'2024-01-04'").count());
    assertEquals(List.of("sym", "name", "sector", "lot", "industry", "listed", "exchange",
        "country", "cap", "shares", "tier"), List.of(spark.read().format("kdb")
        .load(db.resolve("ref").toString()).schema().fieldNames()));
  }
}
