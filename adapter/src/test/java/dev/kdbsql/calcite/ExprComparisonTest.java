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
import dev.kdbsql.storage.write.TableData;
import dev.kdbsql.storage.write.WriteOptions;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Comparisons of two expressions in the scan's filter ({@code bid > ask}, {@code f - g > 0}, two
 * dates), over the values where Calcite's generated comparison and a primitive one might part:
 * both zeros, infinities and the NaN they make, neighbouring doubles, kdb+ nulls on either side,
 * int overflow, timestamps a nanosecond apart, times outside one day, blank and high chars. Each
 * gives Calcite's rows (pushdown=false) with every operator, and is enforced by the scan alone,
 * so an aggregate over it runs in the scan too.
 */
class ExprComparisonTest {
  @TempDir
  static Path dir;
  private static CalciteSql.Twin db;

  private static final double NAN = Double.NaN;
  private static final double INF = Double.POSITIVE_INFINITY;

  @BeforeAll
  static void write() throws SQLException {
    double[] f = {NAN, 1.0, 0.0, -0.0, INF, -INF, 1.5, 1.5, 1.0, 2.0, NAN, INF, 0.0, 3.0, -2.5,
        7.0, 0.1, 1e300, 1.0, 0.1};
    double[] g = {1.0, NAN, -0.0, 0.0, INF, INF, 1.5, Math.nextUp(1.5), 2.0, 1.0, NAN, 1.0, 0.0,
        3.0, -2.5, 6.0, 0.30000000000000004, 1e300, 1.1, 0.0};
    int n = f.length;
    long[] id = new long[n];
    int[] i = new int[n];
    long[] j = new long[n];
    short[] s = new short[n];
    byte[] b = new byte[n];
    int[] d1 = new int[n];
    int[] d2 = new int[n];
    long[] t1 = new long[n];
    long[] t2 = new long[n];
    int[] tm1 = new int[n];
    int[] tm2 = new int[n];
    byte[] c1 = new byte[n];
    byte[] c2 = new byte[n];
    float[] e1 = new float[n];
    float[] e2 = new float[n];
    boolean[] o1 = new boolean[n];
    boolean[] o2 = new boolean[n];
    int[] ints = {Nulls.INT_NULL, 1, 0, -5, Integer.MAX_VALUE, 2, 3, 3, Integer.MIN_VALUE + 1, 7,
        Nulls.INT_NULL, 10, -1, 4, 9, 1_000_000, 2, 0, 5, 6};
    long[] longs = {1, Nulls.LONG_NULL, 0, -5, Integer.MAX_VALUE + 1L, 2, 4, 3, 5, 6,
        Nulls.LONG_NULL, 10, Long.MAX_VALUE, 1L << 53, (1L << 53) + 1, -7, 2, 0, 5, 7};
    short[] shorts = {Nulls.SHORT_NULL, 1, 200, -5, Short.MAX_VALUE, 2, 3, 4, 255, 0, 1, 9, -1,
        4, 8, 300, 2, Nulls.SHORT_NULL, 5, 6};
    int[] days = {Nulls.INT_NULL, 0, 1, -1, Integer.MAX_VALUE, -Integer.MAX_VALUE, 9000, 9001,
        9000, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 14};
    long[] nanos = {Nulls.LONG_NULL, 0, 1, 2, 1_000_000, 1_000_001, 999_999, 5, 6, 7, 8, 9, 10,
        Long.MAX_VALUE, -Long.MAX_VALUE, 3, 4, 5, 6, 7};
    int[] millis = {Nulls.INT_NULL, 0, 86_400_000, -1, 1000, 1001, 5, 5, 6, 7, 8, 9, 90_000_000,
        86_399_999, 11, 12, 13, 14, 15, 15};
    byte[] chars = {' ', 'a', 'b', 'z', (byte) 0xe9, 'A', ' ', 'c', 'c', 'd', 'e', 'f', 'g',
        'h', 'i', 'j', 'k', 'l', 'm', 'm'};
    for (int r = 0; r < n; r++) {
      id[r] = r;
      i[r] = ints[r];
      j[r] = longs[r];
      s[r] = shorts[r];
      b[r] = (byte) (r * 37);
      d1[r] = days[r];
      d2[r] = days[(r + 1) % n];
      t1[r] = nanos[r];
      t2[r] = nanos[(r + 3) % n];
      tm1[r] = millis[r];
      tm2[r] = millis[(r + 1) % n];
      c1[r] = chars[r];
      c2[r] = chars[(r + 6) % n];
      e1[r] = (float) f[r];
      e2[r] = (float) g[r];
      o1[r] = r % 2 == 0;
      o2[r] = r % 3 == 0;
    }
    DatabaseWriter.open(dir.resolve("db")).writeSplayed("t", TableData.builder()
        .add("id", ColumnData.longs(KdbType.LONG, id))
        .add("f", ColumnData.doubles(KdbType.FLOAT, f))
        .add("g", ColumnData.doubles(KdbType.FLOAT, g))
        .add("i", ColumnData.ints(KdbType.INT, i))
        .add("j", ColumnData.longs(KdbType.LONG, j))
        .add("s", ColumnData.shorts(s))
        .add("b", ColumnData.bytes(KdbType.BYTE, b))
        .add("d1", ColumnData.ints(KdbType.DATE, d1))
        .add("d2", ColumnData.ints(KdbType.DATE, d2))
        .add("t1", ColumnData.longs(KdbType.TIMESTAMP, t1))
        .add("t2", ColumnData.longs(KdbType.TIMESTAMP, t2))
        .add("tm1", ColumnData.ints(KdbType.TIME, tm1))
        .add("tm2", ColumnData.ints(KdbType.TIME, tm2))
        .add("c1", ColumnData.bytes(KdbType.CHAR, c1))
        .add("c2", ColumnData.bytes(KdbType.CHAR, c2))
        .add("e1", ColumnData.reals(e1))
        .add("e2", ColumnData.reals(e2))
        .add("o1", ColumnData.booleans(o1))
        .add("o2", ColumnData.booleans(o2))
        .build(), WriteOptions.DEFAULT);
    db = CalciteSql.Twin.open(dir.resolve("db"));
  }

  @AfterAll
  static void close() throws SQLException {
    db.close();
  }

  /** Every pair of sides with every operator. */
  static Stream<String> comparisons() {
    List<String> sides = List.of("f ? g", "f - g ? 0", "f * 2 ? g + 1", "f / g ? 1", "-f ? g",
        "f ? 0.5 * g", "f * 1.1 ? g", "f + g ? 0.1", "f - g ? 0.1", "i ? j", "i + 1 ? j",
        "i * 2 ? i", "s ? b", "s + i ? j - 1", "j ? f",
        "i ? f + 1", "abs(f - g) ? 0.5", "abs(i - j) ? 3", "floor(f) ? ceil(g)",
        "i / 3 ? j / -2", "d1 ? d2", "t1 ? t2", "tm1 ? tm2", "c1 ? c2", "e1 ? e2", "o1 ? o2");
    List<String> out = new ArrayList<>();
    for (String side : sides) {
      for (String op : List.of("=", "<>", "<", "<=", ">", ">=")) {
        out.add(side.replace("?", op));
      }
    }
    return out.stream();
  }

  @ParameterizedTest
  @MethodSource("comparisons")
  void sameRowsAsCalcite(String where) throws SQLException {
    for (String sql : List.of("select id from t where " + where,
        "select count(*), sum(j) from t where " + where)) {
      List<String> want = rows(db.reference(), sql).stream().sorted().toList();
      assertEquals(want, rows(db.pushed(), sql).stream().sorted().toList(), sql);
    }
    String p = plan(db.pushed(), "select id from t where " + where);
    assertTrue(p.contains("KdbTableScan") && p.contains("filter=["), p);
    assertFalse(p.contains("EnumerableCalc") || p.contains("remaining="), p);
    String agg = plan(db.pushed(), "select count(*), max(id) from t where " + where);
    assertTrue(agg.contains("aggregate=[") && !agg.contains("EnumerableAggregate"), agg);
  }

  @Test
  void combinesWithOtherConditions() throws SQLException {
    for (String where : List.of("f > g or i < j", "id > 3 and f >= g", "f > g and i < j",
        "(f <= g or i is null) and id < 12", "f > g and id in (1, 3, 5, 7, 9, 11)")) {
      String sql = "select id, f, g from t where " + where;
      assertEquals(rows(db.reference(), sql).stream().sorted().toList(),
          rows(db.pushed(), sql).stream().sorted().toList(), sql);
      assertFalse(plan(db.pushed(), sql).contains("remaining="), sql);
    }
  }

  @Test
  void decimalLiteralsInAggregatesAsCalciteComputesThem() throws SQLException {
    for (String sql : List.of("select sum(f * 1.1), min(f * 0.3 + g), max(g - 0.1) from t",
        "select count(*), sum(f * 1.1) from t where f * 1.1 >= g")) {
      assertEquals(rows(db.reference(), sql), rows(db.pushed(), sql), sql);
      String p = plan(db.pushed(), sql);
      assertTrue(p.contains("aggregate=[") && !p.contains("EnumerableAggregate"), p);
    }
  }

  /**
   * CASE expressions over these columns (comparisons of computed values, NULLs and NaNs in the
   * conditions, IS NULL, AND, OR, NOT, ranges and IN lists that Calcite makes searches of, ELSE
   * NULL, conditions of a char column with blanks and high chars): as aggregate arguments,
   * grouping keys, filter operands and top-N keys. The scan groups by INTEGER and DOUBLE ones, by
   * the branch of ones of literal labels, and by the column of ones of one char column; BIGINT
   * ones (a branch of {@code j}) group in Calcite. In a filter Calcite rewrites the CASE into AND
   * and OR of its conditions.
   */
  static Stream<String> cases() {
    return Stream.of("case when f > g then i else j end",
        "case when f > g then 1 when f < g then -1 else 0 end",
        "case when f is null then 0.5 when f <> g then f - g end",
        "case when i between 0 and 5 then i * 2 when j in (2, 5, 6) then j else -1 end",
        "case when not (f < 1 or g >= 2) then f else g end",
        "case when i > 3 and j is not null then j end",
        "case when f / g > 1 then 1 else 0 end",
        "case when s > b then s + 0 else b + 0 end",
        "case when i + 1 > i then 1 else 2 end",
        "case when f > 0 or g > 0 then 'pos' when f is null then 'none' else 'neg' end",
        "case when i > 2 then 'a' when j > 2 then 'b' when f > 2 then 'a' end",
        "case when c1 = 'a' or c1 is null then 1 when c1 > 'c' then 2 else 3 end",
        "case when c1 = 'c' and i > 2 then f when not (c2 <> 'm') then g end",
        "case when c1 in ('a', 'b') then 'ab' when not (c1 <> 'z') then 'z' end",
        "case when f >= 0 then 1 else 0 end", "case when f = 0 then 1 when f < 0 then 2 else 3 end",
        "case when f <> 0.0 then 1 when g >= -0.0 then 2 end",
        "case when f - g = 0 then 1 when f * 0 < g * 0 then 2 else 3 end");
  }

  @ParameterizedTest
  @MethodSource("cases")
  void caseAsCalciteComputesIt(String c) throws SQLException {
    boolean label = c.contains("'");
    List<String> sqls = new ArrayList<>(List.of(
        "select " + c + " as k, count(*), sum(id), min(f) from t group by " + c,
        "select id from t order by " + c + " desc nulls last, id limit 7"));
    if (!label) {
      sqls.addAll(List.of("select sum(" + c + "), min(" + c + "), max(" + c + "), count(" + c
          + ") from t", "select id from t where " + c + " > 0",
          "select id from t where " + c + " <= id"));
    }
    for (String sql : sqls) {
      List<String> want = rows(db.reference(), sql);
      List<String> got = rows(db.pushed(), sql);
      if (!sql.contains("order by")) {
        want = want.stream().sorted().toList();
        got = got.stream().sorted().toList();
      }
      assertEquals(want, got, sql);
    }
    String grouped = plan(db.pushed(), sqls.get(0));
    boolean bigint = c.contains("then j") || c.contains("else j");
    assertEquals(!bigint, grouped.contains("aggregate=[") && !grouped.contains("fields=["),
        grouped);
    if (!label) {
      String agg = plan(db.pushed(), sqls.get(2));
      assertTrue(agg.contains("aggregate=[") && !agg.contains("EnumerableAggregate"), agg);
    }
  }

  /**
   * Keys computed from one char, byte or boolean column alone group in the scan by the column
   * (at most 256 groups), the key computed once per group.
   */
  @Test
  void keysOfOneByteColumns() throws SQLException {
    for (String k : List.of("upper(c1)", "case when o1 then 'y' else 'n' end", "b / 16",
        "char_length(trim(c2)) + 1", "case when not o2 then 1 end", "c1 || c1")) {
      String sql = "select " + k + " as k, count(*), sum(j), min(f) from t group by " + k;
      assertEquals(rows(db.reference(), sql).stream().sorted().toList(),
          rows(db.pushed(), sql).stream().sorted().toList(), sql);
      String p = plan(db.pushed(), sql);
      assertTrue(p.contains("aggregate=[") && !p.contains("fields=["), p);
    }
  }

  @Test
  void filteredAggregatesInTheScan() throws SQLException {
    for (String sql : List.of(
        "select count(*) filter (where f > g), sum(j) filter (where i < 5),"
            + " min(f) filter (where f <> g), max(i) filter (where f is null or g is null) from t",
        "select count(case when f - g > 0 then 1 end), sum(case when i > 2 then j end),"
            + " count(i) filter (where not (f >= g)), sum(f) filter (where j in (2, 5)) from t",
        "select o1, count(*) filter (where i > j), sum(f) filter (where f > 1e300) from t"
            + " group by o1")) {
      assertEquals(rows(db.reference(), sql).stream().sorted().toList(),
          rows(db.pushed(), sql).stream().sorted().toList(), sql);
      String p = plan(db.pushed(), sql);
      assertTrue(p.contains("aggregate=[") && !p.contains("EnumerableAggregate"), p);
    }
  }

  /**
   * A float column above zero or at most zero is enforced by the scan (no row with a signed zero
   * parts SQL's comparison from Calcite's {@code compareTo}); the other comparisons with zero are
   * re-checked by Calcite. Rows as Calcite gives them either way, over both zeros.
   */
  @Test
  void floatAgainstZero() throws SQLException {
    for (String where : List.of("f > 0", "f <= 0", "g > 0.0", "0 >= g", "f < 0", "f >= 0",
        "f = 0", "f <> 0", "f > -0.0", "f > 0 and g <= 0")) {
      String sql = "select count(*), sum(j), min(id) from t where " + where;
      assertEquals(rows(db.reference(), sql), rows(db.pushed(), sql), sql);
      boolean enforced = !where.matches(".*(<|>=|=|<>) ?0.*") || where.contains("<=")
          || where.startsWith("0 >=");
      String p = plan(db.pushed(), sql);
      assertEquals(enforced, p.contains("aggregate=[") && !p.contains("remaining="), p);
    }
  }

  @Test
  void showsBothSides() throws SQLException {
    String p = plan(db.pushed(), "select id from t where f - g > 0");
    assertTrue(p.contains(">(-(f, g), 0.0)"), p);
  }
}
