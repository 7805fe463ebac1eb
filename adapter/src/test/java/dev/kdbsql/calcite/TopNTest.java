package dev.kdbsql.calcite;

import static dev.kdbsql.calcite.CalciteSql.plan;
import static dev.kdbsql.calcite.CalciteSql.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.sample.SampleDatabase;
import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.write.AllTypes;
import dev.kdbsql.storage.write.ColumnData;
import dev.kdbsql.storage.write.DatabaseWriter;
import dev.kdbsql.storage.write.ListTables;
import dev.kdbsql.storage.write.PartitionValue;
import dev.kdbsql.storage.write.TableData;
import dev.kdbsql.storage.write.WriteOptions;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code ORDER BY ... LIMIT} as a top-N in the scan: the plan shows {@code sort=} in the scan and
 * no Enumerable sort, and the rows are exactly those of the same query without pushdown, which
 * Calcite sorts itself (a stable sort, so ties come in storage order on both sides).
 */
class TopNTest {
  @TempDir
  static Path dir;

  private static CalciteSql.Twin sample;
  private static CalciteSql.Twin all;
  private static CalciteSql.Twin[] many;
  private static CalciteSql.Twin text;

  @BeforeAll
  static void write() throws SQLException {
    Path s = dir.resolve("sample");
    SampleDatabase.of(20_000, 5, 11).writeTo(s);
    sample = CalciteSql.Twin.open(s);
    // Every type with nulls and infinities, over three partitions, for the null orders.
    Path a = dir.resolve("all");
    DatabaseWriter w = DatabaseWriter.open(a);
    for (int d = 0; d < 3; d++) {
      w.writePartition(PartitionValue.date(LocalDate.of(2024, 3, 1 + d)), "t",
          AllTypes.table(500, 31 + d), WriteOptions.DEFAULT);
    }
    all = CalciteSql.Twin.open(a, "threads=3");
    // Twelve partitions, on one thread and on more threads than cores: slices bound each other.
    Path m = dir.resolve("many");
    SampleDatabase.of(24_000, 12, 5).writeTo(m);
    many = new CalciteSql.Twin[] {CalciteSql.Twin.open(m, "threads=1"),
        CalciteSql.Twin.open(m, "threads=4")};
    // Strings and guids from small pools (ties everywhere), and lists, over three partitions.
    Path x = dir.resolve("text");
    DatabaseWriter tw = DatabaseWriter.open(x);
    for (int d = 0; d < 3; d++) {
      PartitionValue p = PartitionValue.date(LocalDate.of(2024, 5, 1 + d));
      tw.writePartition(p, "x", textTable(400, 17 + d), WriteOptions.DEFAULT);
      tw.writePartition(p, "l", ListTables.lists(150, 23 + d), WriteOptions.DEFAULT);
    }
    text = CalciteSql.Twin.open(x, "threads=2");
  }

  /**
   * Column {@code s}: strings that share prefixes longer than the top-N's four-char key, differ
   * only past it or in length, hold NUL, chars above the surrogates and surrogate pairs (whose
   * String order is not their code point order), and the empty string. Column {@code g}: guids
   * with equal high halves, high halves of either sign (unsigned order), a zero high half that
   * is not null, and the null guid. Column {@code k}: the row number.
   */
  private static TableData textTable(int rows, long seed) {
    String[] pool = {"", "a", "ab", "ab\u0000", "abc", "abcd", "abcde", "abcdf", "abcd\u00e9",
        "abcdzzzz", "b", "\u00e9t\u00e9", "\uff21BC", "\ud83d\ude00x", "\ud83d\ude01",
        "\uffff", "Zeta", "zeta", "long ".repeat(30), "long ".repeat(30) + "!"};
    long[][] guids = {{0, 0}, {0, 1}, {0, 2}, {1, 0}, {Long.MIN_VALUE, 5}, {Long.MIN_VALUE, -5},
        {-1, -1}, {-1, 0}, {Long.MAX_VALUE, Long.MIN_VALUE}, {0x1234_5678_9abc_def0L, 7},
        {0x1234_5678_9abc_def1L, 7}, {0x1234_5678_9abc_def0L, -7}};
    Random r = new Random(seed);
    String[] s = new String[rows];
    long[] hi = new long[rows];
    long[] lo = new long[rows];
    int[] k = new int[rows];
    for (int i = 0; i < rows; i++) {
      s[i] = pool[r.nextInt(pool.length)];
      long[] g = guids[r.nextInt(guids.length)];
      hi[i] = g[0];
      lo[i] = g[1];
      k[i] = i;
    }
    return TableData.builder()
        .add("s", ColumnData.strings(s))
        .add("g", ColumnData.guids(hi, lo))
        .add("k", ColumnData.ints(KdbType.INT, k))
        .build();
  }

  @AfterAll
  static void close() throws SQLException {
    sample.close();
    all.close();
    for (CalciteSql.Twin c : many) {
      c.close();
    }
    text.close();
  }

  /** Pushed as a top-N, and equal to Calcite's sort of the same query without pushdown. */
  private static void sameAsFullSort(CalciteSql.Twin c, String select, String order, int limit,
      int offset) throws SQLException {
    String topN = select + " order by " + order + " limit " + limit
        + (offset > 0 ? " offset " + offset : "");
    String p = plan(c.pushed(), topN);
    assertTrue(p.contains("sort=["), p);
    assertFalse(p.contains("EnumerableLimitSort") || offset == 0 && p.contains("EnumerableSort"),
        p);
    String r = plan(c.reference(), topN);
    assertFalse(r.contains("sort=["), r);
    assertEquals(rows(c.reference(), topN), rows(c.pushed(), topN), topN);
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
    for (CalciteSql.Twin c : many) {
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

  /**
   * A key computed from the row ({@code ORDER BY price * size DESC LIMIT n}): the scan keeps the
   * top rows on the expression it evaluates, Calcite's sort above orders those few again, and the
   * rows are those of Calcite's sort of every row.
   */
  private static void computedSameAsFullSort(CalciteSql.Twin c, String select, String order,
      int limit, int offset) throws SQLException {
    String topN = select + " order by " + order + " limit " + limit
        + (offset > 0 ? " offset " + offset : "");
    String p = plan(c.pushed(), topN);
    assertTrue(p.contains("sort=[") && p.contains("fetch=[" + (limit + offset) + "]"), p);
    assertFalse(plan(c.reference(), topN).contains("sort=["));
    assertEquals(rows(c.reference(), topN), rows(c.pushed(), topN), topN);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "price * size desc",
      "price * size, time",
      "-size, sym, time",
      "size * 3 - 1000 desc, price",
      "sym, price / size desc, time",
      "price - 10.5, size desc, time",
  })
  void computedKeysEqualTheHeadOfTheFullSort(String order) throws SQLException {
    for (int limit : new int[] {1, 10, 500}) {
      computedSameAsFullSort(sample, "select sym, time, price, size from trade", order, limit, 0);
    }
    computedSameAsFullSort(sample, "select * from trade where size > 500", order, 25, 0);
    computedSameAsFullSort(sample, "select sym, price from trade", order, 20, 35);
    for (CalciteSql.Twin c : many) {
      computedSameAsFullSort(c, "select sym, time, price * size as notional from trade", order,
          30, 0);
    }
  }

  /**
   * Computed keys over columns with nulls and infinities, in every direction and null order:
   * a null operand makes the key NULL, a NaN or an infinity computed from values is a value, and
   * int and long arithmetic wraps as Calcite's does.
   */
  @ParameterizedTest
  @ValueSource(strings = {"i + j", "f * 2", "j - i", "-j", "i * 1000000", "j * j", "f / i",
      "x * 2 + i", "h * i - j", "abs(i)", "abs(f - j)", "-abs(j)", "floor(f / 1000)",
      "ceil(f) - i", "i / 7", "j / -3"})
  void computedKeysOrderWithTheirNullsAsCalciteDoes(String expr) throws SQLException {
    for (String dir : List.of("", " desc", " nulls first", " desc nulls last")) {
      computedSameAsFullSort(all, "select j, date, " + expr + " as k from t",
          expr + dir + ", j, date", 40, 0);
    }
  }

  /**
   * A key the scan does not compute (a function other than {@code ABS}) leaves the sort to
   * Calcite, over every row.
   */
  @Test
  void keysTheScanCannotComputeStayWithCalcite() throws SQLException {
    String q = "select sym, price from trade order by mod(size, 7) desc, sym, time limit 5";
    assertFalse(plan(sample.pushed(), q).contains("sort=["));
    assertEquals(rows(sample.reference(), q), rows(sample.pushed(), q));
  }

  @ParameterizedTest
  @ValueSource(strings = {"g", "str"})
  void guidsAndStringsOfEveryTypeTableOrderAsCalciteDoes(String column) throws SQLException {
    for (String dir : List.of("", " desc", " nulls first", " desc nulls last")) {
      sameAsFullSort(all, "select * from t", column + dir, 40, 0);
      sameAsFullSort(all, "select * from t", column + dir + ", j", 25, 10);
    }
  }

  /** Ties on the prefix the top-N keys strings and guids by, and on whole values. */
  @ParameterizedTest
  @ValueSource(strings = {
      "s", "s desc", "s nulls first", "s desc nulls last",
      "g", "g desc", "g nulls first", "g desc nulls last",
      "s, g desc", "g, s desc", "s desc, k desc", "g desc, date desc, s",
  })
  void stringAndGuidKeysTieAsCalciteDoes(String order) throws SQLException {
    for (int limit : new int[] {1, 7, 60, 500}) {
      sameAsFullSort(text, "select * from x", order, limit, 0);
    }
    sameAsFullSort(text, "select * from x", order, 30, 45);
    sameAsFullSort(text, "select * from x where k < 200", order, 20, 3);
  }

  /** Lists are VARCHAR holding their text: Calcite orders that text, and so does the top-N. */
  @ParameterizedTest
  @ValueSource(strings = {"lj", "lf desc", "lg", "lp desc nulls last", "ld, lj desc", "lb"})
  void listKeysOrderByTheirTextAsCalciteDoes(String order) throws SQLException {
    for (int limit : new int[] {1, 9, 100}) {
      sameAsFullSort(text, "select * from l", order, limit, 0);
    }
    sameAsFullSort(text, "select * from l", order, 12, 20);
  }

  /**
   * A limit above the top-N's cap is Calcite's: its sort with a limit keeps the best rows in a
   * bounded heap over the scan's rows.
   */
  @Test
  void largeLimitsAreLeftToCalcite() throws SQLException {
    String sql = "select * from t order by i limit 20000";
    String p = plan(all.pushed(), sql);
    // The scan's own sort shows as sort=[...], Calcite's as sort0=[...].
    assertTrue(p.contains("EnumerableLimitSort(sort0=[$5], dir0=[ASC], fetch=[20000])")
        && !p.contains("sort=["), p);
    assertEquals(rows(all.reference(), sql), rows(all.pushed(), sql));
  }

  @Test
  void zeroLimitAndEmptySelection() throws SQLException {
    assertEquals(List.of(), rows(sample.pushed(), "select * from trade order by size limit 0"));
    assertEquals(List.of(), rows(sample.pushed(),
        "select * from trade where size < 0 order by size limit 5"));
  }
}
