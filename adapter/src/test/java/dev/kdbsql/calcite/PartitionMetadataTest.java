package dev.kdbsql.calcite;

import static dev.kdbsql.calcite.CalciteSql.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.write.ColumnData;
import dev.kdbsql.storage.write.DatabaseWriter;
import dev.kdbsql.storage.write.PartitionValue;
import dev.kdbsql.storage.write.TableData;
import dev.kdbsql.storage.write.WriteOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the partition list answers: the first and last date, rows per date, the number of dates,
 * the dates themselves, with and without pruning, and (reading only the filtered columns) under
 * a filter; partitions where the table is empty or missing do not count. Every answer equals
 * Calcite's without pushdown (over the same data), and comes from a copy of the database whose
 * price values are overwritten (their headers kept): the answers read no column's values but
 * the filtered ones; row counts come from the column headers, which are all checked (a missing
 * column file fails a count as it fails a full read).
 */
class PartitionMetadataTest {
  private static java.sql.Connection pushed;
  private static java.sql.Connection reference;

  @BeforeAll
  static void open(@TempDir Path dir) throws SQLException, IOException {
    Path tmp = dir.resolve("without-prices");
    Path full = dir.resolve("full");
    write(full);
    write(tmp);
    // Price values overwritten with bytes that read as null floats, headers kept.
    for (int d = 1; d < 5; d++) {
      Path price = tmp.resolve("2024.02.0" + (1 + d)).resolve("trade").resolve("price");
      byte[] b = Files.readAllBytes(price);
      java.util.Arrays.fill(b, 16, b.length, (byte) 0xff);
      Files.write(price, b);
    }
    pushed = CalciteSql.connect(tmp);
    reference = CalciteSql.connect(full, "pushdown=false");
  }

  private static void write(Path tmp) {
    DatabaseWriter w = DatabaseWriter.open(tmp);
    for (int d = 0; d < 6; d++) {
      PartitionValue p = PartitionValue.date(LocalDate.of(2024, 2, 1 + d));
      // Day 0 has no trades (an empty table), day 5 none at all (the table is missing).
      int rows = d == 0 ? 0 : 1000 * d;
      if (d < 5) {
        w.writePartition(p, "trade", trades(rows, d), WriteOptions.DEFAULT);
      }
      w.writePartition(p, "other", trades(50, d), WriteOptions.DEFAULT);
    }
    w.fillMissingTables();
  }

  private static TableData trades(int rows, int seed) {
    String[] sym = new String[rows];
    double[] price = new double[rows];
    int[] size = new int[rows];
    for (int i = 0; i < rows; i++) {
      sym[i] = "s" + (i * 7 + seed) % 5;
      price[i] = i + seed;
      size[i] = 100 + i % 3;
    }
    return TableData.builder().add("sym", ColumnData.symbols(sym))
        .add("price", ColumnData.doubles(KdbType.FLOAT, price))
        .add("size", ColumnData.ints(KdbType.INT, size)).build();
  }

  @AfterAll
  static void close() throws SQLException {
    try (java.sql.Connection p = pushed; java.sql.Connection r = reference) {
      // Closes both.
    }
  }

  private static final List<String> FROM_METADATA = List.of(
      "select min(\"date\"), max(\"date\") from trade",
      "select max(\"date\"), min(\"date\"), count(*) from trade",
      "select \"date\", count(*) from trade group by \"date\" order by \"date\"",
      "select count(distinct \"date\") from trade",
      "select distinct \"date\" from trade order by 1",
      "select min(\"date\") from trade where \"date\" > date '2024-02-03'",
      "select \"date\", count(*), min(\"date\") from trade"
          + " where \"date\" between date '2024-02-02' and date '2024-02-04' group by \"date\"",
      "select count(\"date\"), min(\"date\") from trade where \"date\" >= date '2024-02-06'",
      "select min(\"date\"), max(\"date\") from other",
      "select min(\"date\"), max(\"date\") from trade where \"date\" > date '2030-01-01'",
      "select max(\"date\") from trade where \"date\" < date '2024-02-02'");

  @Test
  void answeredFromThePartitionList() throws SQLException {
    for (String sql : FROM_METADATA) {
      String plan = CalciteSql.plan(pushed, sql);
      assertTrue(plan.contains("aggregate=[") || plan.contains("group=[date]"),
          sql + "\n" + plan);
      assertFalse(plan.contains("fields=[date]") && !plan.contains("aggregate="), plan);
      assertEquals(expectedRows(sql), rows(pushed, sql), sql);
    }
  }

  /** What Calcite answers without pushdown, over the same data with the price files. */
  private static List<String> expectedRows(String sql) throws SQLException {
    return rows(reference, sql);
  }

  /**
   * MIN and MAX of the partition column count the rows of the first and the last date that has
   * rows, not of every date: a date between them whose column file is cut short does not stop
   * them, while a count over it fails naming the file.
   */
  @Test
  void extremesCountOnlyTheEndPartitions(@TempDir Path dir) throws SQLException, IOException {
    write(dir);
    Path size = dir.resolve("2024.02.03").resolve("trade").resolve("size");
    byte[] b = Files.readAllBytes(size);
    Files.write(size, java.util.Arrays.copyOf(b, 20));
    try (java.sql.Connection c = CalciteSql.connect(dir)) {
      assertEquals(List.of("2024-02-02|2024-02-05"),
          rows(c, "select min(\"date\"), max(\"date\") from trade"));
      assertEquals(List.of("2024-02-05"), rows(c, "select max(\"date\") from trade"));
      SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
          () -> rows(c, "select count(*) from trade"));
      Throwable t = e;
      while (t.getCause() != null) {
        t = t.getCause();
      }
      assertTrue(String.valueOf(t.getMessage()).contains(size.toString()), t.toString());
    }
  }

  /** With a filter on other columns: the partitions holding selected rows. */
  @Test
  void underAFilter() throws SQLException {
    for (String sql : List.of(
        "select min(\"date\"), max(\"date\"), count(*) from trade where sym = 's3'",
        "select sym, min(\"date\"), max(\"date\"), sum(size) from trade where size > 100"
            + " group by sym order by sym",
        "select \"date\", count(*) from trade where sym in ('s1', 's2') group by \"date\""
            + " order by \"date\"",
        "select max(\"date\") from trade where sym = 'nope'",
        "select count(distinct \"date\") from trade where size = 102")) {
      String plan = CalciteSql.plan(pushed, sql);
      assertTrue(plan.contains("aggregate=[") || plan.contains("group=[date]"),
          sql + "\n" + plan);
      assertEquals(expectedRows(sql), rows(pushed, sql), sql);
    }
  }
}
