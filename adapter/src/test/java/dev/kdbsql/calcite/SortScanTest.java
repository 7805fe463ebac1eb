package dev.kdbsql.calcite;

import static dev.kdbsql.calcite.CalciteSql.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.storage.write.DatabaseWriter;
import dev.kdbsql.storage.write.PartitionValue;
import dev.kdbsql.storage.write.WriteOptions;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code ORDER BY} without {@code LIMIT} computed in the scan: on every orderable type, both
 * directions, nulls first and last, several keys, the partition column, with filters; rows in
 * exactly Calcite's order, ties in storage order (the columns repeat their 45 values, so most
 * rows tie on one key).
 */
class SortScanTest {
  private static CalciteSql.Twin c;

  @BeforeAll
  static void write(@TempDir Path tmp) throws SQLException {
    DatabaseWriter w = DatabaseWriter.open(tmp);
    for (int day = 0; day < 3; day++) {
      w.writePartition(PartitionValue.date(LocalDate.of(2024, 3, 1 + day)), "t",
          InListTest.table(700 + day * 300, 31 + day), WriteOptions.DEFAULT);
    }
    c = CalciteSql.Twin.open(tmp);
  }

  @AfterAll
  static void close() throws SQLException {
    c.close();
  }

  static Stream<String> orders() {
    List<String> out = new ArrayList<>();
    for (String col : List.of("b", "x", "h", "i", "j", "e", "f", "c", "s", "d", "p", "t", "v",
        "u", "n", "\"date\"")) {
      out.add(col);
      out.add(col + (List.of("j", "f", "s", "p", "n").contains(col) ? " desc nulls last"
          : " desc"));
    }
    out.add("\"date\" desc, t, s");
    out.add("s, j desc, p");
    out.add("c desc nulls first, d");
    return out.stream();
  }

  @ParameterizedTest
  @MethodSource("orders")
  void ordersAsCalciteDoes(String order) throws SQLException {
    for (String where : List.of("", " where s in ('sym3', 'sym7', 'sym11') or j > 30000000000")) {
      String sql = "select * from t" + where + " order by " + order;
      String plan = CalciteSql.plan(c.pushed(), sql);
      assertTrue(plan.matches("(?s)KdbToEnumerableConverter\\s+KdbTableScan.*sort=.*"), plan);
      assertEquals(rows(c.reference(), sql), rows(c.pushed(), sql), sql);
    }
  }
}
