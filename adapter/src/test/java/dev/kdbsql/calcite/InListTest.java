package dev.kdbsql.calcite;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * IN and NOT IN lists of any length, on a column of every type the scan filters, with nulls in
 * the column and in the list: each stays one predicate in the scan (never a join with a VALUES
 * table, as Calcite makes of a list longer than 20), alone, with other conjuncts and under OR,
 * and selects exactly the rows Calcite selects without pushdown.
 */
class InListTest {
  /** Distinct values per column: lists of 25 and more hold some values absent from the data. */
  private static final int VALUES = 60;

  private static CalciteSql.Twin c;

  /** A column: its name and how to write value {@code k} of it as a SQL literal. */
  private record Col(String name, IntFunction<String> literal) {
  }

  private static final List<Col> COLUMNS = List.of(
      new Col("x", k -> Integer.toString(k * 3)),
      new Col("h", k -> Integer.toString(k * 7 - 100)),
      new Col("i", k -> Integer.toString(k * 1_000_003)),
      new Col("j", k -> Long.toString(k * 1_000_000_007L - 5)),
      new Col("e", k -> (k / 4.0) + ""),
      new Col("f", k -> (k * 1.5 - 20) + ""),
      new Col("c", k -> "'" + (char) ('A' + k) + "'"),
      new Col("s", k -> "'sym" + k + "'"),
      new Col("d", k -> "DATE '" + LocalDate.of(2020, 1, 1).plusDays(k * 11) + "'"),
      new Col("p", k -> "TIMESTAMP '2024-03-01 10:00:00." + String.format(Locale.ROOT, "%09d",
          k * 1_000_001L) + "'"),
      new Col("t", k -> time(k * 60_000L + 7)),
      new Col("v", k -> time(k * 1_200_000L)),
      new Col("u", k -> time(k * 60_000L * 7)),
      new Col("n", k -> time(k * 1_000L + 1)));

  private static String time(long ms) {
    return "TIME '" + java.time.LocalTime.ofNanoOfDay(ms * 1_000_000L)
        .format(java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss.SSS")) + "'";
  }

  @BeforeAll
  static void write(@TempDir Path tmp) throws SQLException {
    DatabaseWriter w = DatabaseWriter.open(tmp);
    for (int day = 0; day < 3; day++) {
      w.writePartition(PartitionValue.date(LocalDate.of(2024, 3, 1 + day)), "t",
          table(3000 + day * 500, 11 + day), WriteOptions.DEFAULT);
    }
    c = CalciteSql.Twin.open(tmp);
  }

  /** Every column drawn from the first 45 of its VALUES values; every 9th row null. */
  static TableData table(int rows, long seed) {
    Random r = new Random(seed);
    byte[] x = new byte[rows];
    short[] h = new short[rows];
    int[] i = new int[rows];
    long[] j = new long[rows];
    float[] e = new float[rows];
    double[] f = new double[rows];
    byte[] ch = new byte[rows];
    String[] s = new String[rows];
    int[] d = new int[rows];
    long[] p = new long[rows];
    int[] t = new int[rows];
    int[] v = new int[rows];
    int[] u = new int[rows];
    long[] n = new long[rows];
    boolean[] b = new boolean[rows];
    for (int row = 0; row < rows; row++) {
      int k = r.nextInt(45);
      boolean nul = row % 9 == 4;
      b[row] = r.nextBoolean();
      x[row] = (byte) (k * 3);
      h[row] = nul ? Nulls.SHORT_NULL : (short) (k * 7 - 100);
      i[row] = nul ? Nulls.INT_NULL : k * 1_000_003;
      j[row] = nul ? Nulls.LONG_NULL : k * 1_000_000_007L - 5;
      e[row] = nul ? Float.NaN : (float) (k / 4.0);
      f[row] = nul ? Double.NaN : k * 1.5 - 20;
      ch[row] = nul ? Nulls.CHAR_NULL : (byte) ('A' + k);
      s[row] = nul ? "" : "sym" + k;
      d[row] = nul ? Nulls.INT_NULL
          : (int) (LocalDate.of(2020, 1, 1).plusDays(k * 11).toEpochDay() - 10957);
      p[row] = nul ? Nulls.LONG_NULL
          : java.time.Duration.between(java.time.LocalDateTime.of(2000, 1, 1, 0, 0),
              java.time.LocalDateTime.of(2024, 3, 1, 10, 0)).toNanos() + k * 1_000_001L;
      t[row] = nul ? Nulls.INT_NULL : (int) (k * 60_000L + 7);
      v[row] = nul ? Nulls.INT_NULL : k * 1_200;
      u[row] = nul ? Nulls.INT_NULL : k * 7;
      // Timespans: some with nanoseconds inside the millisecond a TIME literal names.
      n[row] = nul ? Nulls.LONG_NULL : (k * 1_000L + 1) * 1_000_000L + r.nextInt(3) * 999_999L;
    }
    return TableData.builder()
        .add("b", ColumnData.booleans(b))
        .add("x", ColumnData.bytes(KdbType.BYTE, x))
        .add("h", ColumnData.shorts(h))
        .add("i", ColumnData.ints(KdbType.INT, i))
        .add("j", ColumnData.longs(KdbType.LONG, j))
        .add("e", ColumnData.reals(e))
        .add("f", ColumnData.doubles(KdbType.FLOAT, f))
        .add("c", ColumnData.bytes(KdbType.CHAR, ch))
        .add("s", ColumnData.symbols(s))
        .add("d", ColumnData.ints(KdbType.DATE, d))
        .add("p", ColumnData.longs(KdbType.TIMESTAMP, p))
        .add("t", ColumnData.ints(KdbType.TIME, t))
        .add("v", ColumnData.ints(KdbType.SECOND, v))
        .add("u", ColumnData.ints(KdbType.MINUTE, u))
        .add("n", ColumnData.longs(KdbType.TIMESPAN, n))
        .build();
  }

  @AfterAll
  static void close() throws SQLException {
    c.close();
  }

  /** {@code count} literals of {@code col}, every {@code step}-th value from {@code first}. */
  private static String list(Col col, int first, int count, int step) {
    return IntStream.range(0, count).map(k -> (first + k * step) % VALUES)
        .mapToObj(col.literal()).collect(Collectors.joining(", "));
  }

  /** The WHERE clauses tried on a column. */
  static Stream<String> clauses() {
    List<String> out = new ArrayList<>();
    for (Col col : COLUMNS) {
      String n = col.name();
      String shortList = list(col, 0, 3, 7);
      String longList = list(col, 1, 25, 2);
      String all = list(col, 0, VALUES, 1);
      out.add(n + " in (" + longList + ")");
      out.add(n + " not in (" + longList + ")");
      out.add(n + " not in (" + shortList + ")");
      out.add(n + " in (" + longList + ", null)");
      out.add(n + " not in (" + longList + ") or " + n + " is null");
      out.add(n + " not in (" + longList + ") and s in (" + list(COLUMNS.get(7), 0, 25, 1)
          + ")");
      out.add("(" + n + " in (" + longList + ") or j = 5) and not b");
      if (List.of("s", "j", "f", "n", "c").contains(n)) {
        out.add(n + " in (" + all + ")");
        out.add(n + " not in (" + all + ")");
        out.add(n + " not in (" + longList + ", null)");
        out.add(n + " in (" + longList + ") or " + n + " in (" + list(col, 2, 25, 2) + ")");
        out.add(n + " not in (" + longList + ") and " + n + " <> " + col.literal().apply(2));
      }
    }
    return out.stream();
  }

  @ParameterizedTest
  @MethodSource("clauses")
  void listsFilterAsCalciteDoes(String where) throws SQLException {
    String sql = "select * from t where " + where;
    String plan = CalciteSql.plan(c.pushed(), sql);
    assertFalse(plan.contains("Join") || plan.contains("Values(tuples=[[{"), plan);
    assertEquals(rows(c.reference(), sql), rows(c.pushed(), sql), where);
  }

  /** The lists are in the scan's filter, in both spellings, however long. */
  @Test
  void longListsArePushedWhole() throws SQLException {
    Col s = COLUMNS.get(7);
    for (String where : List.of("s in (" + list(s, 0, VALUES, 1) + ")",
        "s not in (" + list(s, 0, VALUES, 1) + ")", "j in (" + list(COLUMNS.get(3), 0, 50, 1)
            + ")", "j not in (" + list(COLUMNS.get(3), 0, 50, 1) + ")")) {
      String plan = CalciteSql.plan(c.pushed(), "select count(*) from t where " + where);
      assertTrue(plan.matches(
          "(?s)KdbToEnumerableConverter\\s+KdbTableScan.*filter=\\[(NOT )?IN.*"), plan);
    }
  }

  /**
   * A list of thousands of values, of numbers and of symbols, as tools generate them; checked
   * against the rows Calcite reads without pushdown, filtered here (Calcite's own code for a
   * Sarg of thousands of values overflows the stack, and so does its VALUES table of them).
   */
  @Test
  void thousandsOfValues() throws SQLException {
    List<String> ints = IntStream.range(20, 5020)
        .mapToObj(k -> Long.toString(k * 1_000_000_007L - 5)).toList();
    List<String> syms = IntStream.range(20, 5020).mapToObj(k -> "sym" + k).toList();
    List<String> floats = IntStream.range(20, 5020).mapToObj(k -> (k * 1.5 - 20) + "")
        .toList();
    for (Object[] col : new Object[][] {{"j", ints, false}, {"s", syms, true},
        {"f", floats, false}}) {
      String name = (String) col[0];
      @SuppressWarnings("unchecked")
      List<String> values = (List<String>) col[1];
      boolean quoted = (Boolean) col[2];
      String list = values.stream().map(v -> quoted ? "'" + v + "'" : v)
          .collect(Collectors.joining(", "));
      java.util.Set<String> set = new java.util.HashSet<>();
      for (String v : values) {
        set.add(quoted ? v : name.equals("f") ? Double.toString(Double.parseDouble(v))
            : Long.toString(Long.parseLong(v)));
      }
      List<String> all = rows(c.reference(), "select " + name + ", i from t");
      for (boolean not : new boolean[] {false, true}) {
        long n = 0;
        long sum = 0;
        for (String row : all) {
          String v = row.substring(0, row.indexOf('|'));
          String i = row.substring(row.indexOf('|') + 1);
          if (!v.equals("null") && set.contains(v) != not) {
            n++;
            sum += i.equals("null") ? 0 : Long.parseLong(i);
          }
        }
        String sql = "select count(*), sum(cast(i as bigint)) from t where " + name
            + (not ? " not in (" : " in (") + list + ")";
        String plan = CalciteSql.plan(c.pushed(), sql);
        String what = name + (not ? " not in" : " in") + " " + values.size() + " values";
        assertTrue(plan.matches("(?s)KdbToEnumerableConverter\\s+KdbTableScan.*"),
            what + ": " + plan.substring(0, Math.min(300, plan.length())));
        assertTrue(n > 0, what);
        assertEquals(List.of(n + "|" + sum), rows(c.pushed(), sql), what);
      }
    }
  }
}
