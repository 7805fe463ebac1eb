package dev.kdbsql.bench;

import dev.kdbsql.storage.Database;
import dev.kdbsql.storage.KdbTable;
import dev.kdbsql.storage.KdbType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Loads the kdb+ tables into DuckDB twice: as native tables in one {@code .duckdb} file, and as
 * Parquet files partitioned by date ({@code <table>/date=YYYY-MM-DD/*.parquet}).
 *
 * <p>Rows go kdb+ → CSV ({@link CsvExport}) → DuckDB, in storage order. Type alignment: a timespan
 * column {@code x} becomes {@code x TIME} truncated to milliseconds (results are compared to the
 * millisecond, {@link ResultRows}; our driver's are exact), plus {@code x_ns BIGINT} with the
 * exact nanoseconds at the end of the table. The DuckDB variants of the queries use {@code x_ns}
 * where the nanoseconds decide: to order ties within one millisecond as storage order does
 * ({@code first}/{@code last}) and to match as-of rows exactly; {@code SELECT *} excludes it.
 */
final class DuckDbLoader {
  /** DuckDB's memory ceiling while loading and querying; the JVM under test needs the rest. */
  static final String MEMORY_LIMIT = "8GB";

  private DuckDbLoader() {}

  /** Opens a connection to the DuckDB file (or, for a null path, an in-memory database). */
  static Connection open(Path file) throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:duckdb:" + (file == null ? "" : file));
    try (Statement s = c.createStatement()) {
      s.execute("SET memory_limit = '" + MEMORY_LIMIT + "'");
    }
    return c;
  }

  /** Loads {@code tables} of the kdb+ database at {@code kdb}, staging CSV in {@code csvDir}. */
  static void load(Path kdb, List<String> tables, Path csvDir, Path duckFile, Path parquetDir)
      throws SQLException {
    List<String> creates = new ArrayList<>();
    List<Boolean> partitioned = new ArrayList<>();
    try (Database db = Database.open(kdb)) {
      for (String t : tables) {
        creates.add(createTable(db.table(t), csvDir.resolve(t)));
        partitioned.add(db.table(t).partitionKind() != null);
      }
    }
    for (String t : tables) {
      CsvExport.write(kdb, t, csvDir.resolve(t));
    }
    try {
      Files.createDirectories(parquetDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (Connection c = open(duckFile); Statement s = c.createStatement()) {
      for (int i = 0; i < tables.size(); i++) {
        String t = tables.get(i);
        s.execute(creates.get(i));
        if (partitioned.get(i)) {
          s.execute("COPY " + t + " TO '" + parquetDir.resolve(t) + "' (FORMAT PARQUET,"
              + " PARTITION_BY (date), OVERWRITE_OR_IGNORE)");
        } else {
          createDirectories(parquetDir.resolve(t).resolve("all"));
          s.execute("COPY " + t + " TO '" + parquetDir.resolve(t).resolve("all").resolve(
              "data.parquet") + "' (FORMAT PARQUET)");
        }
      }
      s.execute("CHECKPOINT");
    }
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String createTable(KdbTable table, Path csv) {
    StringJoiner columns = new StringJoiner(", ", "{", "}");
    StringJoiner select = new StringJoiner(", ");
    List<String> exact = new ArrayList<>();
    for (String[] f : CsvExport.fields(table)) {
      boolean timespan = (!f[0].equals("date") || table.partitionKind() == null)
          && table.columns().get(table.columnIndex(f[0])).type().element() == KdbType.TIMESPAN;
      String csvName = timespan ? f[0] + "_ns" : f[0];
      columns.add("'" + csvName + "': '" + f[1] + "'");
      if (timespan) {
        select.add("TIME '00:00:00' + to_microseconds(" + csvName + " // 1000000 * 1000) AS "
            + quote(f[0]));
        exact.add(csvName);
      } else {
        select.add(quote(f[0]));
      }
    }
    exact.forEach(select::add);
    return "CREATE OR REPLACE TABLE " + table.name() + " AS SELECT " + select + " FROM read_csv('"
        + csv + "/*.csv', header = false, columns = " + columns + ", quote = '\"', escape = '\"',"
        + " nullstr = '')";
  }

  /** A view over the Parquet files of {@code table} with the native table's column order. */
  static String parquetView(Connection nativeDb, String table, Path parquetDir)
      throws SQLException {
    StringJoiner cols = new StringJoiner(", ");
    try (var rs = nativeDb.getMetaData().getColumns(null, null, table, null)) {
      while (rs.next()) {
        cols.add(quote(rs.getString("COLUMN_NAME")));
      }
    }
    return "CREATE OR REPLACE VIEW " + table + " AS SELECT " + cols + " FROM read_parquet('"
        + parquetDir.resolve(table) + "/*/*.parquet', hive_partitioning = "
        + !Files.isDirectory(parquetDir.resolve(table).resolve("all")) + ")";
  }

  private static String quote(String name) {
    return "\"" + name + "\"";
  }
}
