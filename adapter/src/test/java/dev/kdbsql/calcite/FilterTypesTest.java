package dev.kdbsql.calcite;

import static dev.kdbsql.calcite.CalciteSql.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.storage.Attribute;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.Nulls;
import dev.kdbsql.storage.write.AllTypes;
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
 * Filters the scan evaluates on every column type it understands, and on columns with {@code p#}
 * and {@code s#}: each WHERE clause is pushed (the plan shows it in the scan) and selects exactly
 * the rows Calcite selects without pushdown.
 */
class FilterTypesTest {
  private static final String[] WHERE = {
      "b", "not b", "b and x > 100",
      "x = 200", "x > 100", "x in (1, 2, 3, 250)", "x <= 0", "x < 1000",
      "c = 'a'", "c > 'm'", "c <> 'q'", "c is null", "c is not null", "c in ('a', 'b', 'é')",
      "c = 'é'",
      "e > 10.5", "e is null", "e < 0", "e is not null",
      "t < time '12:00:00'", "t between time '01:00:00' and time '02:00:00'",
      "t = time '00:04:09.190'", "t is null", "t is not null", "t <> time '00:04:09.190'",
      "t in (time '00:04:09.190', time '13:25:23.294')", "t > time '23:00:00' or t is null",
      "v >= time '12:00:00'", "v = time '18:12:28'", "v = time '18:12:28.500'",
      "v > time '18:12:28.500'", "v is null", "u < time '10:00:00'", "u is not null",
      "n > time '12:00:00'", "n is null", "n between time '00:00:00' and time '06:00:00.0005'",
      "n < time '00:00:00.001'", "n not between time '01:00:00' and time '22:00:00'",
      "s like 's1%'", "s like '%t_'", "s like 's!_%' escape '!'", "s like '%'",
      "str like 'str1%'", "str like '%über%'", "str is null", "str is not null",
      "str like 'long%' and j > 0", "s like 's1%' or c = 'b'",
  };

  private static final String[] ATTRIBUTES = {
      "k = 500", "k > 500", "k < 0", "k between 100 and 200", "k <> 7", "k in (1, 5, 900, 901)",
      "k is null", "k is not null", "k > 990 and s = 's3'", "s = 's3'", "s in ('s3', 's7', 'x')",
      "s like 's1%'", "s <> 's2'", "s is null", "s = 's3' and k > 300",
      "s in ('s3', 's4') and i < 0", "i = 5", "i >= 1000 or s = 's9'",
  };

  private static CalciteSql.Twin c;

  @BeforeAll
  static void write(@TempDir Path tmp) throws SQLException {
    DatabaseWriter w = DatabaseWriter.open(tmp);
    for (int d = 0; d < 3; d++) {
      PartitionValue p = PartitionValue.date(LocalDate.of(2024, 3, 1 + d));
      w.writePartition(p, "t", AllTypes.table(700, 5 + d), WriteOptions.DEFAULT);
      w.writePartitionParted(p, "pt", "s", attributed(2000, 17 + d), WriteOptions.DEFAULT);
    }
    w.writeSplayed("st", attributed(5000, 3), WriteOptions.DEFAULT.with("k",
        WriteOptions.DEFAULT.column("k").withAttribute(Attribute.SORTED)));
    c = CalciteSql.Twin.open(tmp);
  }

  /** k ascending with nulls first (s# order), s from a few symbols, i random. */
  private static TableData attributed(int rows, long seed) {
    Random r = new Random(seed);
    long[] k = new long[rows];
    String[] s = new String[rows];
    int[] i = new int[rows];
    long v = -50;
    for (int n = 0; n < rows; n++) {
      k[n] = n < 20 ? Nulls.LONG_NULL : (v += r.nextInt(3));
      s[n] = n % 97 == 3 ? "" : "s" + r.nextInt(12);
      i[n] = r.nextInt(4000) - 1000;
    }
    return TableData.builder().add("s", ColumnData.symbols(s))
        .add("k", ColumnData.longs(KdbType.LONG, k)).add("i", ColumnData.ints(KdbType.INT, i))
        .build();
  }

  @AfterAll
  static void close() throws SQLException {
    c.close();
  }

  private static void pushedAndEqual(String table, String where) throws SQLException {
    pushedAndEqual(c, table, where);
  }

  private static void pushedAndEqual(CalciteSql.Twin c, String table, String where)
      throws SQLException {
    String sql = "select * from " + table + " where " + where;
    String plan = CalciteSql.plan(c.pushed(), sql);
    assertTrue(plan.contains("filter=") || plan.contains("remaining="), plan);
    String refPlan = CalciteSql.plan(c.reference(), sql);
    assertFalse(refPlan.contains("filter="), refPlan);
    assertEquals(rows(c.reference(), sql), rows(c.pushed(), sql), where);
  }

  /**
   * The runs of a p# column are kept per table between queries, keyed by file: a partition
   * rewritten under an open connection (other rows, other runs) is read afresh, not through the
   * runs kept for the old file.
   */
  @Test
  void keptRunsFollowARewrittenPartition(@TempDir Path tmp) throws SQLException {
    DatabaseWriter w = DatabaseWriter.open(tmp);
    PartitionValue day = PartitionValue.date(LocalDate.of(2024, 3, 1));
    w.writePartitionParted(day, "pt", "s", attributed(3000, 1), WriteOptions.DEFAULT);
    try (CalciteSql.Twin c = CalciteSql.Twin.open(tmp)) {
      List<String> before = new ArrayList<>();
      for (String where : List.of("s = 's3'", "s in ('s1', 's7')", "s like 's1%'")) {
        pushedAndEqual(c, "pt", where);
        before.addAll(rows(c.pushed(), "select * from pt where " + where));
      }
      w.writePartitionParted(day, "pt", "s", attributed(3000, 2), WriteOptions.DEFAULT);
      List<String> after = new ArrayList<>();
      for (String where : List.of("s = 's3'", "s in ('s1', 's7')", "s like 's1%'")) {
        pushedAndEqual(c, "pt", where);
        after.addAll(rows(c.pushed(), "select * from pt where " + where));
      }
      assertNotEquals(before, after);
    }
  }

  static Stream<String> typeClauses() {
    return Stream.of(WHERE);
  }

  static Stream<String> attributeClauses() {
    return Stream.of(ATTRIBUTES);
  }

  @ParameterizedTest
  @MethodSource("typeClauses")
  void everyTypeFiltersAsCalciteDoes(String where) throws SQLException {
    pushedAndEqual("t", where);
  }

  @ParameterizedTest
  @MethodSource("attributeClauses")
  void partedAndSortedColumnsFilterAsCalciteDoes(String where) throws SQLException {
    pushedAndEqual("pt", where);
    pushedAndEqual("st", where);
  }
}
