package dev.kdbsql.jdbc;

import static dev.kdbsql.jdbc.KdbDriverTest.plan;
import static dev.kdbsql.jdbc.KdbDriverTest.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.sample.SampleDatabase;
import dev.kdbsql.storage.write.AllTypes;
import dev.kdbsql.storage.write.DatabaseWriter;
import dev.kdbsql.storage.write.PartitionValue;
import dev.kdbsql.storage.write.WriteOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code ORDER BY ... LIMIT} as a top-N in the scan: the plan shows {@code sort=} in the scan and
 * no Enumerable sort, and the rows are exactly the first rows of the same query without LIMIT,
 * which Calcite sorts itself (a stable sort, so ties come in storage order on both sides).
 */
class KdbTopNTest {
  @TempDir
  static Path dir;

  private static Connection sample;
  private static Connection all;
  private static Connection[] many;

  @BeforeAll
  static void write() throws SQLException {
    Path s = dir.resolve("sample");
    SampleDatabase.of(20_000, 5, 11).writeTo(s);
    sample = DriverManager.getConnection("jdbc:kdb:" + s);
    // Every type with nulls and infinities, over three partitions, for the null orders.
    Path a = dir.resolve("all");
    DatabaseWriter w = DatabaseWriter.open(a);
    for (int d = 0; d < 3; d++) {
      w.writePartition(PartitionValue.date(LocalDate.of(2024, 3, 1 + d)), "t",
          AllTypes.table(500, 31 + d), WriteOptions.DEFAULT);
    }
    all = DriverManager.getConnection("jdbc:kdb:" + a + ";threads=3");
    // Twelve partitions, on one thread and on more threads than cores: slices bound each other.
    Path m = dir.resolve("many");
    SampleDatabase.of(24_000, 12, 5).writeTo(m);
    many = new Connection[] {DriverManager.getConnection("jdbc:kdb:" + m + ";threads=1"),
        DriverManager.getConnection("jdbc:kdb:" + m + ";threads=4")};
  }

  @AfterAll
  static void close() throws SQLException {
    sample.close();
    all.close();
    for (Connection c : many) {
      c.close();
    }
  }

  /** Pushed as a top-N, and equal to the head of Calcite's full sort. */
  private static void sameAsFullSort(Connection c, String select, String order, int limit,
      int offset) throws SQLException {
    String topN = select + " order by " + order + " limit " + limit
        + (offset > 0 ? " offset " + offset : "");
    String p = plan(c, topN);
    assertTrue(p.contains("sort=["), p);
    assertFalse(p.contains("EnumerableLimitSort") || offset == 0 && p.contains("EnumerableSort"),
        p);
    List<String> full = rows(c, select + " order by " + order);
    List<String> expected = full.subList(Math.min(offset, full.size()),
        Math.min(offset + limit, full.size()));
    assertEquals(expected, rows(c, topN), topN);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "size desc",
      "size desc, date, sym, time, price, ex, cond",
      "price, time desc",
      "sym desc, time",
      "ex, size",
      "date desc, time desc",
      "time",
  })
  void tradesTopNEqualsTheHeadOfTheFullSort(String order) throws SQLException {
    for (int limit : new int[] {1, 10, 1000}) {
      sameAsFullSort(sample, "select * from trade", order, limit, 0);
    }
    sameAsFullSort(sample, "select * from trade where size > 500", order, 25, 0);
  }

  /**
   * Keys with few values tie across every partition, so the bound the slices share decides most
   * rows at its very value: those must still be compared on the other keys and in storage order.
   */
  @ParameterizedTest
  @ValueSource(strings = {
      "size desc",
      "size desc, date, sym, time, price, ex, cond",
      "size, cond desc",
      "ex desc, size",
      "cond, sym desc",
      "sym, size desc",
      "time desc, price",
      "ex, cond, price desc",
      "size, sym, time desc",
  })
  void slicesBoundEachOtherExactlyOnTies(String order) throws SQLException {
    for (Connection c : many) {
      for (int limit : new int[] {1, 3, 50, 700}) {
        sameAsFullSort(c, "select * from trade", order, limit, 0);
      }
      sameAsFullSort(c, "select * from trade", order, 20, 35);
      sameAsFullSort(c, "select * from trade where size > 300 and ex <> 'N'", order, 15, 5);
    }
  }

  @Test
  void offsetIsPushedAsALargerTopNUnderTheSort() throws SQLException {
    sameAsFullSort(sample, "select * from quote", "bsize desc, sym, time", 10, 30);
  }

  @Test
  void filteredAndPrunedTopN() throws SQLException {
    sameAsFullSort(sample, "select * from trade where date = date '2024-01-03' and size < 300",
        "price desc", 7, 0);
    sameAsFullSort(sample, "select * from trade where date > date '2024-01-09'", "price", 7, 0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"b", "x", "h", "i", "j", "e", "f", "c", "s", "p", "m", "d", "z", "n",
      "u", "v", "t", "date"})
  void everyTypeOrdersWithItsNullsAsCalciteDoes(String column) throws SQLException {
    for (String dir : List.of("", " desc", " nulls first", " desc nulls last")) {
      // j, the long column, breaks ties so that the order is total.
      sameAsFullSort(all, "select * from t", column + dir + ", j, date", 40, 0);
    }
  }

  @Test
  void guidsStringsAndLargeLimitsAreLeftToCalcite() throws SQLException {
    for (String sql : List.of("select * from t order by g limit 5",
        "select * from t order by str limit 5",
        "select * from t order by i limit 20000")) {
      String p = plan(all, sql);
      assertFalse(p.contains("sort=["), p);
    }
  }

  @Test
  void zeroLimitAndEmptySelection() throws SQLException {
    assertEquals(List.of(), rows(sample, "select * from trade order by size limit 0"));
    assertEquals(List.of(), rows(sample,
        "select * from trade where size < 0 order by size limit 5"));
  }
}
