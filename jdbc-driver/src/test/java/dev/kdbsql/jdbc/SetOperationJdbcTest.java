package dev.kdbsql.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.sample.SampleDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through the driver, whose statements Calcite implements for array rows: one column ordered by
 * our sort, or numbered by our window, over an aggregate Calcite computes. Calcite re-optimizes
 * the code of a one-column array row at the root, and that dropped the aggregate's adders: its
 * COUNT stayed 0, so INTERSECT (which counts the inputs holding each row) and
 * {@code HAVING COUNT(*) = 2} gave no rows. The rows expected are computed here from each side's.
 */
class SetOperationJdbcTest {
  @TempDir
  static Path db;

  private static Connection c;

  @BeforeAll
  static void write() throws SQLException {
    SampleDatabase.of(20_000, 3, 29).writeTo(db);
    c = DriverManager.getConnection("jdbc:kdb:" + db);
  }

  @AfterAll
  static void close() throws SQLException {
    c.close();
  }

  private static List<String> column(String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  @Test
  void intersectAndHavingACountUnderASortOfOneColumn() throws SQLException {
    // Unfiltered sides give the plan whose root is the sort; filtered, a projection above it.
    check("", "");
    check(" where size > 700", " where bsize < 200");
  }

  private static void check(String tradeWhere, String quoteWhere) throws SQLException {
    TreeSet<String> common = new TreeSet<>(column("select sym from trade" + tradeWhere));
    common.retainAll(new TreeSet<>(column("select sym from quote" + quoteWhere)));
    assertTrue(common.size() > 5, "too few symbols in common: " + common);
    List<String> ascending = new ArrayList<>(common);
    String intersect = "select sym from trade" + tradeWhere + " intersect select sym from quote"
        + quoteWhere;
    assertEquals(ascending.subList(0, 5), column(intersect + " order by 1 limit 5"));
    assertEquals(new ArrayList<>(common.descendingSet()),
        column(intersect + " order by sym desc"));
    assertEquals(ascending.subList(1, 4), column("select sym from (select sym from trade"
        + tradeWhere + " group by sym union all select sym from quote" + quoteWhere
        + " group by sym) group by sym having count(*) = 2 order by 1 limit 3 offset 1"));
    assertEquals(List.of(String.valueOf(common.size()), String.valueOf(common.size() - 1)),
        column("select row_number() over (order by sym) from (" + intersect + ")"
            + " order by 1 desc limit 2"));
  }
}
