package dev.kdbsql.calcite.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.calcite.CalciteSql;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.write.ColumnData;
import dev.kdbsql.storage.write.DatabaseWriter;
import dev.kdbsql.storage.write.TableData;
import dev.kdbsql.storage.write.WriteOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RANGE frames with an interval offset over kdb+ timestamps and timespans, in the own window
 * operator: the frame bounds are exact to the nanosecond (rows a nanosecond inside and outside
 * the bound, stored out of order), checked against counts and sums computed from the raw values.
 * Calcite's own window refuses such frames (its TIMESTAMP holds milliseconds), so the reference
 * is the brute-force answer, not {@code pushdown=false}.
 */
class ExactRangeFrameTest {
  private static final int N = 400;
  private static final long[] TS = new long[N];
  private static final long[] SP = new long[N];
  private static Connection c;

  @BeforeAll
  static void write(@TempDir Path dir) throws Exception {
    Random r = new Random(7);
    long[] j = new long[N];
    for (int i = 0; i < N; i++) {
      // Steps of a quarter second with a nanosecond jitter of -1, 0 or +1: a one-second frame's
      // lower bound falls on, a nanosecond before or a nanosecond after earlier rows.
      long step = (long) r.nextInt(N) * 250_000_000L + r.nextInt(3) - 1;
      TS[i] = 800_000_000_000_000_000L + step;
      SP[i] = 36_000_000_000_000L + step;
      j[i] = i;
    }
    DatabaseWriter.open(dir).writeSplayed("t", TableData.builder()
        .add("ts", ColumnData.longs(KdbType.TIMESTAMP, TS))
        .add("sp", ColumnData.longs(KdbType.TIMESPAN, SP))
        .add("j", ColumnData.longs(KdbType.LONG, j)).build(), WriteOptions.DEFAULT);
    c = CalciteSql.connect(dir);
  }

  @AfterAll
  static void close() throws Exception {
    c.close();
  }

  @Test
  void timestampFrameBoundsAreExact() throws Exception {
    check("ts", TS);
  }

  @Test
  void timespanFrameBoundsAreExact() throws Exception {
    check("sp", SP);
  }

  private static void check(String column, long[] key) throws Exception {
    String sql = "select j, count(*) over w, sum(j) over w from t window w as (order by " + column
        + " range between interval '1' second preceding and current row) order by j";
    assertTrue(CalciteSql.plan(c, sql).contains("KdbWindow"), CalciteSql.plan(c, sql));
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      long count = 0;
      long sum = 0;
      for (int k = 0; k < N; k++) {
        if (key[k] >= key[i] - 1_000_000_000L && key[k] <= key[i]) {
          count++;
          sum += k;
        }
      }
      expected.add(i + "|" + count + "|" + sum);
    }
    assertEquals(expected, CalciteSql.rows(c, sql), sql);
  }
}
