package dev.kdbsql.jdbc.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kdbsql.storage.robust.HeaderMutations;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The mutation test for what a count from file headers sees, through SQL: over copies of small
 * real databases, every attribute byte is set to each other code, every vector header count is
 * moved by one or zeroed, every directory (partition, table) is replaced by a symbolic link loop
 * and, where file permissions deny this process, made unreadable (chmod 000). After each mutation,
 * on a fresh connection, three queries per affected table must agree: {@code COUNT(*)} (answered
 * from headers), {@code SELECT *} and a pushed aggregate ({@code COUNT}, {@code MIN}, {@code MAX}
 * of a column, computed in the scan). Either all three answer, and the count is the number of rows
 * {@code SELECT *} returns and the aggregate is what those rows give; or all three fail with an
 * {@link SQLException} naming the mutated file or directory (or its parent). A failure at connect
 * names it too. Which answers equal the healthy ones is counted.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class SqlCountAgreementTest {
  private static final Map<String, Integer> OUTCOMES = new TreeMap<>();
  private static final Set<Integer> ORDERED = Set.of(Types.TINYINT, Types.SMALLINT, Types.INTEGER,
      Types.BIGINT, Types.REAL, Types.FLOAT, Types.DOUBLE, Types.DECIMAL, Types.DATE, Types.TIME,
      Types.TIMESTAMP);

  @TempDir
  Path tmp;

  /** The three queries of one table; {@code column} is the aggregated column's index in rows. */
  private record Table(String name, String count, String all, String aggregate, int column) {
  }

  @ParameterizedTest
  @ValueSource(strings = {"egor7__q/db", "mkeenan-kdb__memoriesPOC/db",
      "DataIntellectTech__TorQ/tests/dataaccess/checkinputs/dailyhdb", "jbetz34__advancedKDB/hdb"})
  void countScanAndPushedAggregateAgreeAfterEveryHeaderOrDirectoryMutation(String fixture)
      throws Exception {
    Path db = Sql.copy(Sql.fixture(fixture), tmp.resolve("db"));
    Map<String, Table> tables = new TreeMap<>();
    Map<String, List<List<String>>> original = new TreeMap<>();
    try (Connection c = Sql.connect(db)) {
      for (String name : Sql.tables(c)) {
        Table t = queries(c, name);
        tables.put(name, t);
        original.put(name, answers(c, t));
      }
    }
    List<Table> all = List.copyOf(tables.values());
    HeaderMutations.each(db, (kind, mutated) -> check(kind, db, mutated,
        HeaderMutations.ofDirectory(kind) ? all : affected(db, mutated, tables), original),
        skip -> count("unreadable", "skipped: " + skip));
    try (Connection c = Sql.connect(db)) {
      for (Table t : all) {
        assertEquals(original.get(t.name), answers(c, t), "restored copy answers as the original");
      }
    }
  }

  @AfterAll
  static void report() {
    System.out.println("SQL count agreement (kind/outcome=tables): " + OUTCOMES);
  }

  /** COUNT(*), SELECT * and COUNT/MIN/MAX of the first orderable column (else the first). */
  private static Table queries(Connection c, String table) throws SQLException {
    List<String> names = new ArrayList<>();
    int chosen = -1;
    try (ResultSet rs = c.getMetaData().getColumns(null, null, table, "%")) {
      while (rs.next()) {
        names.add(rs.getString("COLUMN_NAME"));
        if (chosen < 0 && ORDERED.contains(rs.getInt("DATA_TYPE"))) {
          chosen = names.size() - 1;
        }
      }
    }
    if (chosen < 0) {
      chosen = 0;
    }
    String t = quote(table);
    String col = quote(names.get(chosen));
    boolean ordered = chosen > 0 || !names.isEmpty() && isOrdered(c, table, names.get(0));
    String aggregate = "SELECT COUNT(" + col + ")" + (ordered ? ", MIN(" + col + "), MAX("
        + col + ")" : "") + " FROM " + t;
    return new Table(table, "SELECT COUNT(*) FROM " + t, "SELECT * FROM " + t, aggregate, chosen);
  }

  private static boolean isOrdered(Connection c, String table, String column) throws SQLException {
    try (ResultSet rs = c.getMetaData().getColumns(null, null, table, column)) {
      return rs.next() && ORDERED.contains(rs.getInt("DATA_TYPE"));
    }
  }

  /** The three answers of {@code t}: the count, the rows, the aggregate. */
  private static List<List<String>> answers(Connection c, Table t) throws SQLException {
    List<List<String>> out = new ArrayList<>();
    out.add(Sql.rows(c, t.count).get(0));
    List<List<String>> rows = Sql.rows(c, t.all);
    out.add(List.of(String.valueOf(rows.size()), String.valueOf(rows.hashCode())));
    out.add(Sql.rows(c, t.aggregate).get(0));
    return out;
  }

  private static void check(String kind, Path db, Path mutated, List<Table> tables,
      Map<String, List<List<String>>> original) {
    try (Connection c = Sql.connect(db)) {
      for (Table t : tables) {
        count(kind, agree(kind, c, t, db, mutated, original.get(t.name)));
      }
    } catch (SQLException e) {
      assertNames(kind + " of " + mutated + " (connect)", e, db, mutated);
      count(kind, "refused at connect");
    }
  }

  /** Runs the three queries of {@code t}; they must agree (see the class comment). */
  private static String agree(String kind, Connection c, Table t, Path db, Path mutated,
      List<List<String>> original) {
    String what = kind + " of " + mutated + ", table " + t.name;
    List<List<List<Object>>> results = new ArrayList<>();
    List<SQLException> errors = new ArrayList<>();
    for (String q : List.of(t.count, t.all, t.aggregate)) {
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(q)) {
        results.add(objects(rs));
      } catch (SQLException e) {
        assertNames(what + ", " + q, e, db, mutated);
        errors.add(e);
        results.add(null);
      }
    }
    if (!errors.isEmpty()) {
      if (errors.size() < 3) {
        fail(what + ": some queries answered and others failed: " + results + "; "
            + errors.get(0).getMessage());
      }
      return "all refused, naming it";
    }
    List<List<Object>> rows = results.get(1);
    long count = ((Number) results.get(0).get(0).get(0)).longValue();
    List<Object> aggregate = results.get(2).get(0);
    assertEquals(rows.size(), count, what + ": COUNT(*) against SELECT *");
    assertEquals(expectedAggregate(rows, t.column, aggregate.size()), aggregate,
        what + ": pushed aggregate against SELECT *");
    try {
      return answers(c, t).equals(original) ? "all agree, same as healthy"
          : "all agree, other values";
    } catch (SQLException e) {
      throw new AssertionError(what + ": queries that answered once failed", e);
    }
  }

  /** COUNT, MIN and MAX of column {@code column} of {@code rows}, as getObject gives them. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static List<Object> expectedAggregate(List<List<Object>> rows, int column, int width) {
    long n = 0;
    Comparable min = null;
    Comparable max = null;
    for (List<Object> r : rows) {
      Object v = r.get(column);
      if (v == null) {
        continue;
      }
      n++;
      if (width > 1) {
        Comparable x = (Comparable) v;
        min = min == null || x.compareTo(min) < 0 ? x : min;
        max = max == null || x.compareTo(max) > 0 ? x : max;
      }
    }
    List<Object> out = new ArrayList<>(List.of(n));
    if (width > 1) {
      out.add(min);
      out.add(max);
    }
    return out;
  }

  /** The rows of {@code rs} as getObject gives them. */
  private static List<List<Object>> objects(ResultSet rs) throws SQLException {
    int n = rs.getMetaData().getColumnCount();
    List<List<Object>> out = new ArrayList<>();
    while (rs.next()) {
      List<Object> row = new ArrayList<>(n);
      for (int i = 1; i <= n; i++) {
        row.add(rs.getObject(i));
      }
      out.add(row);
    }
    return out;
  }

  private static void assertNames(String what, SQLException e, Path db, Path mutated) {
    String m = String.valueOf(e.getMessage());
    boolean domain = mutated.getFileName().toString().equals("sym")
        && mutated.getParent().equals(db);
    assertTrue(m.contains(mutated.toString()) || m.contains(mutated.getParent().toString())
        || (domain && m.contains(db.toString())), what + " failed naming another file: " + m);
  }

  /** The tables whose answers a mutation of {@code f} may change. */
  private static List<Table> affected(Path db, Path f, Map<String, Table> tables) {
    Table own = tables.get(f.getParent().getFileName().toString());
    return own != null && !f.getParent().equals(db) ? List.of(own)
        : List.copyOf(tables.values());
  }

  private static void count(String kind, String outcome) {
    synchronized (OUTCOMES) {
      OUTCOMES.merge(kind + "/" + outcome, 1, Integer::sum);
    }
  }

  private static String quote(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }
}
