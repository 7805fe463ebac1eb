package dev.kdbsql.calcite;

import static dev.kdbsql.calcite.CalciteSql.plan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.sample.SampleDatabase;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.write.ColumnData;
import dev.kdbsql.storage.write.DatabaseWriter;
import dev.kdbsql.storage.write.TableData;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Conditions of one symbol or string column that no leaf of the scan expresses
 * ({@code UPPER(sym) = 'AA'}, {@code LOWER(sym) LIKE 'a%'}, {@code COALESCE(cond, 'none') =
 * 'none'}) are decided in the scan by Calcite's own code for the condition, once per symbol of a
 * domain ({@code TEST(...)} in the plan): the rows are those Calcite selects row by row without
 * pushdown, NULL symbols and strings included, over enumerated symbols (partitioned
 * {@code trade}), strings ({@code ref.name}) and the symbols of a flat table, which are not
 * enumerated.
 */
class TextConditionTest {
  @TempDir
  static Path dir;

  private static CalciteSql.Twin db;

  @BeforeAll
  static void write() throws SQLException {
    Path d = dir.resolve("db");
    SampleDatabase.of(20_000, 3, 13).writeTo(d);
    DatabaseWriter.open(d).writeFlat("f", TableData.builder()
        .add("s", ColumnData.symbols(new String[] {"ab", "", "Ab", "abc", "B", "", "zz", "ab"}))
        .add("str", ColumnData.strings(
            new String[] {"x", "", "Hello", "hello world", "", "Z", "aB", "zz"}))
        .add("k", ColumnData.ints(KdbType.INT, new int[] {0, 1, 2, 3, 4, 5, 6, 7}))
        .build());
    db = CalciteSql.Twin.open(d);
  }

  @AfterAll
  static void close() throws SQLException {
    db.close();
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "trade;lower(sym) like 'a%'",
      "trade;upper(lower(sym)) = sym",
      "trade;char_length(sym) = 3",
      "trade;substring(sym from 1 for 1) = 'B'",
      "trade;coalesce(cond, 'none') = 'none'",
      "trade;cond is null or char_length(cond) = 1",
      "trade;not (lower(sym) like '%a%')",
      "trade;sym > 'M'",
      "trade;sym || '!' = 'AB!'",
      "trade;position('A' in sym) = 2",
      "trade;(lower(sym) like 'a%' or sym = 'B') and size > 100",
      "trade;lower(sym) like 'a%' or size > 900",
      "trade;case when cond is null then true else cond < 'C' end",
      "ref;upper(name) like '%A%'",
      "ref;char_length(name) > 12",
      "ref;coalesce(name, 'n') = 'n' or lower(name) like 'b%'",
      "f;upper(s) = 'AB'",
      "f;s is null or upper(s) = 'B'",
      "f;coalesce(s, 'n') = 'n'",
      "f;char_length(str) = 5",
      "f;lower(str) = 'hello' or str is null",
      "f;coalesce(str, 'n') = 'n'",
  })
  void decidedInTheScanAsCalciteDecidesIt(String table, String condition) throws SQLException {
    String sql = "select * from " + table + " where " + condition;
    String p = plan(db.pushed(), sql);
    assertTrue(p.contains("TEST("), p);
    assertFalse(p.contains("EnumerableCalc") || p.contains("EnumerableFilter"), p);
    assertEquals(sorted(db.reference(), sql), sorted(db.pushed(), sql), sql);
    String count = "select count(*) from " + table + " where " + condition;
    assertEquals(CalciteSql.rows(db.reference(), count), CalciteSql.rows(db.pushed(), count));
  }

  /**
   * A condition that may fail for some value (text converted to a number, a division by a
   * length) stays with Calcite, which decides only the values of the rows it reads; the scan
   * would decide every symbol of the domain, which other tables share.
   */
  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "f;cast(s as integer) > 5 and k > 100",
      "f;10 / char_length(str) > 3",
      "trade;mod(10, char_length(cond)) = 1",
  })
  void conditionsThatMayFailStayWithCalcite(String table, String condition)
      throws SQLException {
    String sql = "select count(*) from " + table + " where " + condition;
    assertFalse(plan(db.pushed(), sql).contains("TEST("), sql);
  }

  /** A parameter is a value per execution: such a condition stays with Calcite, and is right. */
  @Test
  void parametersStayWithCalcite() throws SQLException {
    String sym = CalciteSql.rows(db.reference(), "select lower(sym) from trade limit 1").get(0);
    String sql = "select count(*) from trade where lower(sym) = ?";
    List<Long> counts = new ArrayList<>();
    for (Connection c : List.of(db.pushed(), db.reference())) {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, sym);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          counts.add(rs.getLong(1));
        }
      }
    }
    assertTrue(counts.get(1) > 0, sym);
    assertEquals(counts.get(1), counts.get(0));
  }

  private static List<String> sorted(Connection c, String sql) throws SQLException {
    return CalciteSql.rows(c, sql).stream().sorted().toList();
  }
}
