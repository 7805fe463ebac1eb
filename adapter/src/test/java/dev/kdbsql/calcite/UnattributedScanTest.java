package dev.kdbsql.calcite;

import static dev.kdbsql.calcite.CalciteSql.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Filters over TAQ-like data written without attributes, as many real databases are: sorted by
 * sym then time ({@code q}), the same rows with {@code p#} ({@code pq}), and shuffled
 * ({@code sq}); each query run twice, so that the second run goes through what the first learnt
 * (symbol runs, block statistics, ascending columns), and compared with Calcite without pushdown.
 * A partition rewritten under the open connection (same row count, other rows) is read afresh.
 */
class UnattributedScanTest {
  private static final int DAYS = 3;
  private static CalciteSql.Twin c;

  /**
   * {@code rows} quotes: sym sorted (Zipf-like counts, a null sym run first), time ascending
   * within a sym, seq ascending over the partition (nulls first), px clustered by sym, size
   * random; shuffled when not {@code sorted}.
   */
  static TableData quotes(int rows, long seed, boolean sorted) {
    Random r = new Random(seed);
    String[] sym = new String[rows];
    long[] time = new long[rows];
    long[] seq = new long[rows];
    double[] px = new double[rows];
    int[] size = new int[rows];
    int row = 0;
    for (int s = 0; row < rows; s++) {
      int n = Math.min(rows - row, 40 + (int) (rows / 8.0 / (s + 1)) + r.nextInt(50));
      long t = 34_200_000_000_000L;
      for (int i = 0; i < n; i++, row++) {
        sym[row] = s == 0 ? "" : "S" + s;
        t += 1 + r.nextInt(2_000_000_000);
        time[row] = t;
        px[row] = s == 3 && i % 17 == 0 ? Double.NaN : 10 + s + r.nextInt(100) / 100.0;
        size[row] = i % 23 == 5 ? Nulls.INT_NULL : 100 * (1 + r.nextInt(20));
      }
    }
    for (int i = 0; i < rows; i++) {
      seq[i] = i < 7 ? Nulls.LONG_NULL : 5_000L + 2L * i;
    }
    if (!sorted) {
      for (int i = rows - 1; i > 0; i--) {
        int j = r.nextInt(i + 1);
        String a = sym[i];
        sym[i] = sym[j];
        sym[j] = a;
        long b = time[i];
        time[i] = time[j];
        time[j] = b;
        b = seq[i];
        seq[i] = seq[j];
        seq[j] = b;
        double d = px[i];
        px[i] = px[j];
        px[j] = d;
      }
    }
    return TableData.builder().add("sym", ColumnData.symbols(sym))
        .add("time", ColumnData.longs(KdbType.TIMESPAN, time))
        .add("seq", ColumnData.longs(KdbType.LONG, seq))
        .add("px", ColumnData.doubles(KdbType.FLOAT, px))
        .add("size", ColumnData.ints(KdbType.INT, size)).build();
  }

  @BeforeAll
  static void write(@TempDir Path tmp) throws SQLException {
    DatabaseWriter w = DatabaseWriter.open(tmp);
    for (int d = 0; d < DAYS; d++) {
      PartitionValue p = PartitionValue.date(LocalDate.of(2024, 1, 2 + d));
      int rows = 20_000 + 7_000 * d;
      w.writePartition(p, "q", quotes(rows, 10 + d, true), WriteOptions.DEFAULT);
      w.writePartitionParted(p, "pq", "sym", quotes(rows, 10 + d, true), WriteOptions.DEFAULT);
      w.writePartition(p, "sq", quotes(rows, 10 + d, false), WriteOptions.DEFAULT);
    }
    c = CalciteSql.Twin.open(tmp);
  }

  @AfterAll
  static void close() throws SQLException {
    c.close();
  }

  private static final String[] WHERE = {
      "sym = 'S2'", "sym = 'S40'", "sym = 'nope'", "sym <> 'S1'", "sym is null",
      "sym is not null", "sym in ('S1', 'S5', 'S9', 'S30', 'S31', 'S32', 'S33', 'S34', 'S35',"
          + " 'S36', 'S37', 'S38', 'S39', 'S40', 'S41', 'S42', 'S43', 'S44', 'S45', 'S46', 'S47',"
          + " 'S48', 'S49', 'S50', 'x')",
      "sym not in ('S1', 'S2', 'S3')", "sym in ('S3', 'S4') or sym is null",
      "sym = 'S3' and time between time '09:40:00' and time '10:10:00'",
      "sym in ('S3', 'S7') and time > time '11:00:00'",
      "seq between 9000 and 12000", "seq < 5100", "seq >= 40000", "seq is null",
      "seq in (5014, 5016, 9999, 30000, 30002)", "seq not in (5014, 5016)",
      "seq > 20000 and sym = 'S4'", "px > 12.5 and px < 13", "px is null", "px = 15.5",
      "size in (100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1100, 1200, 1300, 1400,"
          + " 1500, 1600, 1700, 1800, 1900, 2000, 2100)",
      "size not in (100, 200) and sym in ('S1', 'S2')", "size is null and sym = 'S2'",
      "time < time '09:31:00'", "sym = 'S2' or seq < 5050",
      "(sym = 'S2' or sym = 'S6') and (seq > 30000 or px < 12)",
  };

  static Stream<Object[]> cases() {
    List<Object[]> out = new ArrayList<>();
    for (String t : List.of("q", "pq", "sq")) {
      for (String w : WHERE) {
        out.add(new Object[] {t, w});
      }
    }
    return out.stream();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void filtersAsCalciteDoesTwice(String table, String where) throws SQLException {
    String rowsSql = "select * from " + table + " where " + where;
    String aggSql = "select \"date\", count(*), sum(cast(size as bigint)), min(seq), max(px)"
        + " from " + table + " where " + where + " group by \"date\" order by \"date\"";
    for (int run = 0; run < 2; run++) {
      assertEquals(rows(c.reference(), rowsSql), rows(c.pushed(), rowsSql), where);
      assertEquals(rows(c.reference(), aggSql), rows(c.pushed(), aggSql), where);
    }
    String plan = CalciteSql.plan(c.pushed(), rowsSql);
    assertTrue(plan.contains("filter=") || plan.contains("remaining="), plan);
  }

  /** Top-N and the one-symbol window over sorted data. */
  @Test
  void orderedShapes() throws SQLException {
    for (String sql : List.of(
        "select \"date\", \"time\", px from q where sym = 'S7' order by \"date\", \"time\"",
        "select \"time\", px, size from q where \"date\" = date '2024-01-03' and sym = 'S2'"
            + " and \"time\" between time '09:35:00' and time '10:05:00' order by \"time\"",
        "select * from sq where sym = 'S7' order by seq desc limit 5",
        "select * from q where seq > 10000 order by seq limit 7")) {
      for (int run = 0; run < 2; run++) {
        assertEquals(rows(c.reference(), sql), rows(c.pushed(), sql), sql);
      }
    }
  }

  /**
   * A partition rewritten under an open connection with as many rows but other values: what
   * was learnt of the old files (runs, block statistics, ascending seq) is not used.
   */
  @Test
  void aRewrittenPartitionIsReadAfresh(@TempDir Path tmp) throws SQLException {
    DatabaseWriter w = DatabaseWriter.open(tmp);
    PartitionValue day = PartitionValue.date(LocalDate.of(2024, 1, 2));
    w.writePartition(day, "q", quotes(15_000, 1, true), WriteOptions.DEFAULT);
    List<String> where = List.of("sym = 'S3'", "sym in ('S1', 'S4')", "seq between 9000 and 9100",
        "seq < 5020", "px > 13 and px < 13.5");
    try (CalciteSql.Twin t = CalciteSql.Twin.open(tmp)) {
      List<String> before = new ArrayList<>();
      for (String x : where) {
        String sql = "select * from q where " + x;
        for (int run = 0; run < 2; run++) {
          assertEquals(rows(t.reference(), sql), rows(t.pushed(), sql), x);
        }
        before.addAll(rows(t.pushed(), sql));
      }
      w.writePartition(day, "q", quotes(15_000, 2, false), WriteOptions.DEFAULT);
      List<String> after = new ArrayList<>();
      for (String x : where) {
        String sql = "select * from q where " + x;
        assertEquals(rows(t.reference(), sql), rows(t.pushed(), sql), x);
        after.addAll(rows(t.pushed(), sql));
      }
      assertNotEquals(before, after);
    }
  }
}
