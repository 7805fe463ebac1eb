package dev.kdbsql.calcite;

import static dev.kdbsql.calcite.CalciteSql.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.calcite.sql.CommonFunctions;
import dev.kdbsql.sample.SampleDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.fun.SqlLibrary;
import org.apache.calcite.sql.fun.SqlLibraryOperatorTableFactory;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The functions of other dialects that analysts and BI tools write ({@link CommonFunctions}) give
 * what their PostgreSQL definitions say, computed here from the rows read whole, with pushdown and
 * without: ILIKE in the scan too, GREATEST and LEAST exact to the nanosecond on kdb+ values,
 * DATE_PART as exact as EXTRACT, and Postgres's casts {@code x::type}.
 */
class CommonFunctionsTest {
  @TempDir
  static Path db;

  private static CalciteSql.Twin twin;

  @BeforeAll
  static void write() throws SQLException {
    SampleDatabase.of(20_000, 3, 29).writeTo(db);
    twin = CalciteSql.Twin.open(db);
  }

  @AfterAll
  static void close() throws SQLException {
    twin.close();
  }

  private static List<Connection> both() {
    return List.of(twin.pushed(), twin.reference());
  }

  private static String count(Connection c, String where) throws SQLException {
    return rows(c, "select count(*) from trade where " + where).get(0);
  }

  @Test
  void ilikeIgnoresCaseInTheScanAndOutside() throws SQLException {
    List<String> syms = rows(twin.pushed(), "select sym from trade");
    String first = new TreeSet<>(syms).first();
    String prefix = first.substring(0, 1).toLowerCase(Locale.ROOT);
    long expected = syms.stream().filter(s -> s.toLowerCase(Locale.ROOT).startsWith(prefix))
        .count();
    assertTrue(expected > 0 && expected < syms.size(), "no test: " + expected);
    String ilike = "sym ilike '" + prefix + "%'";
    assertTrue(CalciteSql.plan(twin.pushed(), "select count(*) from trade where " + ilike)
        .contains("filter=[ILIKE(sym, '" + prefix + "%')]"), "ILIKE is not in the scan");
    for (String not : List.of("sym not ilike '", "not (sym ilike '")) {
      assertTrue(CalciteSql.plan(twin.pushed(), "select count(*) from trade where " + not
          + prefix + "%'" + (not.startsWith("not") ? ")" : ""))
          .contains("filter=[NOT ILIKE(sym, '" + prefix + "%')]"), "NOT ILIKE is not in the scan");
    }
    for (Connection c : both()) {
      assertEquals(String.valueOf(expected), count(c, ilike));
      assertEquals(String.valueOf(syms.size() - expected),
          count(c, "sym not ilike '" + prefix + "%'"));
      assertEquals(String.valueOf(syms.size() - expected), count(c, "not (" + ilike + ")"));
      // LIKE stays case-sensitive.
      assertEquals("0", count(c, "sym like '" + prefix + "%'"));
    }
    List<String> names = rows(twin.pushed(), "select name from ref");
    long withA = names.stream().filter(n -> n.toLowerCase(Locale.ROOT).contains("a")).count();
    long upperA = names.stream().filter(n -> n.contains("A")).count();
    for (Connection c : both()) {
      assertEquals(List.of(String.valueOf(withA)),
          rows(c, "select count(*) from ref where name ilike '%A%'"));
      assertEquals(List.of(String.valueOf(names.size() - withA)),
          rows(c, "select count(*) from ref where name not ilike '%A%'"));
      assertEquals(List.of(String.valueOf(names.size() - upperA)),
          rows(c, "select count(*) from ref where name not like '%A%'"));
    }
  }

  @Test
  void textFunctionsAsPostgresDefinesThem() throws SQLException {
    for (Connection c : both()) {
      List<String> got = rows(c, "select sym, name, ex, concat(sym, null, '-', ex),"
          + " concat_ws('/', sym, null, ex), length(name), left(name, 2), right(name, 3),"
          + " strpos(name, ' '), split_part(name, ' ', 1), lpad(sym, 6, '*'), repeat(ex, 2),"
          + " reverse(sym), starts_with(name, sym), substr(name, 2, 3) from ref"
          + " join (select distinct sym, ex from trade) t using (sym)");
      assertTrue(got.size() > 20, "too few rows: " + got);
      for (String row : got) {
        String[] f = row.split("\\|", -1);
        String sym = f[0];
        String name = f[1];
        String ex = f[2];
        int space = name.indexOf(' ');
        assertEquals(List.of(sym + "-" + ex, sym + "/" + ex, String.valueOf(name.length()),
            name.substring(0, 2), name.substring(name.length() - 3), String.valueOf(space + 1),
            space < 0 ? name : name.substring(0, space),
            "*".repeat(Math.max(0, 6 - sym.length())) + sym.substring(0, Math.min(6,
                sym.length())), ex + ex, new StringBuilder(sym).reverse().toString(),
            String.valueOf(name.startsWith(sym)), name.substring(1, 4)),
            List.of(f).subList(3, f.length), row);
      }
    }
  }

  /** GREATEST and LEAST of kdb+ timestamps and timespans keep every digit, and skip NULLs. */
  @Test
  void greatestAndLeastAreExactAndSkipNulls() throws SQLException {
    String noon = "12:00:00.000000001";
    for (Connection c : both()) {
      List<String> got = rows(c, "select \"time\", greatest(\"time\", time '" + noon + "'),"
          + " least(\"time\", time '" + noon + "'), greatest(\"date\" + \"time\", null),"
          + " \"date\" + \"time\" from trade");
      assertTrue(got.size() > 1000, "too few rows");
      for (String row : got) {
        String[] f = row.split("\\|");
        String time = f[0];
        assertEquals(9, time.length() - time.indexOf('.') - 1, row);
        boolean after = time.compareTo(noon) > 0;
        assertEquals(List.of(after ? time : noon, after ? noon : time, f[4]),
            List.of(f[1], f[2], f[3]), row);
      }
      assertEquals(List.of("null|5"), rows(c, "select greatest(null, null), least(null, 5)"));
    }
  }

  @Test
  void aggregatesOfOtherDialects() throws SQLException {
    List<String> syms = rows(twin.pushed(), "select sym from ref");
    String joined = syms.stream().sorted().collect(Collectors.joining(","));
    List<String> prices = rows(twin.pushed(), "select price from trade");
    boolean allPositive = prices.stream().allMatch(p -> Double.parseDouble(p) > 0);
    for (Connection c : both()) {
      assertEquals(List.of(joined), rows(c, "select string_agg(sym, ',' order by sym) from ref"));
      assertEquals(List.of(allPositive + "|true|false"), rows(c,
          "select bool_and(price > 0), bool_or(size > 0), bool_or(size < 0) from trade"));
    }
  }

  /** DATE_PART is EXTRACT, with Postgres's day of the week (Sunday 0). */
  @Test
  void datePartIsExtract() throws SQLException {
    for (Connection c : both()) {
      List<String> got = rows(c, "select date_part('hour', \"time\"),"
          + " date_part('microseconds', \"date\" + \"time\"), date_part(minute, \"time\"),"
          + " date_part('dow', \"date\"), date_part('year', \"date\") from trade");
      List<String> expected = rows(c, "select extract(hour from \"time\"),"
          + " extract(microsecond from \"date\" + \"time\"), extract(minute from \"time\"),"
          + " extract(dow from \"date\") - 1, extract(year from \"date\") from trade");
      assertEquals(expected, got);
      SQLException e = assertThrows(SQLException.class,
          () -> rows(c, "select date_part('fortnight', \"date\") from trade"));
      assertTrue(Objects.toString(e.getMessage()).contains("DATE_PART unit 'fortnight'"),
          e.getMessage());
    }
  }

  /** Postgres's LOG: the base first, or base 10 alone. */
  @Test
  void logAsPostgres() throws SQLException {
    for (Connection c : both()) {
      assertEquals(List.of("10.0|2.0"),
          rows(c, "select log(2, 1024), log(100) from ref limit 1"));
    }
  }

  /** {@code x::type} binds as in Postgres, tighter than a comparison, and is CAST. */
  @Test
  void postgresCastsBindTightly() throws SQLException {
    String day = rows(twin.pushed(), "select min(\"date\") from trade").get(0);
    for (Connection c : both()) {
      assertEquals(count(c, "\"date\" = date '" + day + "' and price > 100"),
          count(c, "\"date\" = '" + day + "'::date and price > 100::double"));
      assertEquals(rows(c, "select cast(\"time\" as varchar), cast(size as double) / 3 from trade"),
          rows(c, "select \"time\"::varchar, size::double / 3 from trade"));
    }
  }

  /** A name the connection's library defines keeps that library's definition. */
  @Test
  void theConnectionsLibraryWins() {
    SqlOperatorTable oracle = SqlOperatorTables.chain(SqlStdOperatorTable.instance(),
        SqlLibraryOperatorTableFactory.INSTANCE.getOperatorTable(SqlLibrary.ORACLE));
    List<SqlOperator> added = new ArrayList<>(CommonFunctions.missingFrom(oracle)
        .getOperatorList());
    assertTrue(added.contains(SqlLibraryOperators.ILIKE), added.toString());
    assertTrue(added.stream().noneMatch(op -> op.getName().equals("GREATEST")
        || op.getName().equals("NVL")), added.toString());
    assertTrue(CommonFunctions.missingFrom(SqlStdOperatorTable.instance()).getOperatorList()
        .contains(SqlLibraryOperators.GREATEST_PG));
  }
}
