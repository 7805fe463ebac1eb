package dev.kdbsql.bench;

import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.ColumnInfo;
import dev.kdbsql.storage.Database;
import dev.kdbsql.storage.KdbTable;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.TableSlice;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes a kdb+ table as header-less CSV, one file per date of a partitioned table (one file for
 * a splayed one), read straight from the mapped columns (not through SQL, so loading DuckDB does
 * not depend on the speed being measured).
 *
 * <p>The first field of a partitioned table is the partition date; then the columns in schema
 * order, with timespans as integer nanoseconds, dates as ISO dates, symbols, chars and strings
 * quoted, and kdb+ nulls as empty fields. Only the types of the sample database are handled; any
 * other column is refused with its name.
 */
final class CsvExport {
  private CsvExport() {}

  /** The DuckDB type of each CSV field, in order: {@code date} first, then the table's columns. */
  static List<String[]> fields(KdbTable table) {
    List<String[]> out = new ArrayList<>();
    if (table.partitionKind() != null) {
      out.add(new String[] {"date", "DATE"});
    }
    for (ColumnInfo c : table.columns()) {
      out.add(new String[] {c.name(), duckType(c)});
    }
    return out;
  }

  private static String duckType(ColumnInfo c) {
    if (c.type().nested() && c.type().element() == KdbType.CHAR) {
      return "VARCHAR";
    }
    KdbType t = c.type().nested() ? null : c.type().element();
    if (t == null) {
      throw new IllegalArgumentException("column " + c.name() + " of type " + c.type()
          + " is not exported to CSV");
    }
    return switch (t) {
      case SYMBOL, CHAR -> "VARCHAR";
      case LONG, TIMESPAN -> "BIGINT";
      case INT -> "INTEGER";
      case SHORT -> "SMALLINT";
      case FLOAT -> "DOUBLE";
      case DATE -> "DATE";
      default -> throw new IllegalArgumentException("column " + c.name() + " of type " + t
          + " is not exported to CSV");
    };
  }

  /** Writes every partition of {@code table} of the database at {@code root} into {@code dir}. */
  static void write(Path root, String table, Path dir) {
    ExecutorService pool = Executors.newFixedThreadPool(
        Math.max(1, Runtime.getRuntime().availableProcessors()));
    try (Database db = Database.open(root)) {
      KdbTable t = db.table(table);
      Files.createDirectories(dir);
      List<Future<?>> done = new ArrayList<>();
      for (TableSlice s : t.slices()) {
        Path file = dir.resolve((s.partition() == null ? "all" : s.partition().name()) + ".csv");
        done.add(pool.submit(() -> writeSlice(s, file)));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing " + dir, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("writing " + dir + " failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private static Void writeSlice(TableSlice slice, Path file) throws IOException {
    try (slice; BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      List<ColumnInfo> infos = slice.table().columns();
      Column[] cols = new Column[infos.size()];
      KdbType[] types = new KdbType[cols.length];
      for (int i = 0; i < cols.length; i++) {
        cols[i] = slice.column(i);
        // A string (a list of chars) is written whole; STRING stands for it here.
        types[i] = infos.get(i).type().nested() ? null : infos.get(i).type().element();
      }
      String date = slice.partition() == null ? null : slice.partition().date().toString();
      StringBuilder line = new StringBuilder(128);
      long rows = slice.rowCount();
      for (long r = 0; r < rows; r++) {
        line.setLength(0);
        if (date != null) {
          line.append(date).append(',');
        }
        for (int i = 0; i < cols.length; i++) {
          if (i > 0) {
            line.append(',');
          }
          field(line, cols[i], types[i], r);
        }
        line.append('\n');
        w.append(line);
      }
    }
    return null;
  }

  private static void field(StringBuilder out, Column c, KdbType t, long row) {
    if (t == null) {
      quoted(out, c.getString(row));
      return;
    }
    switch (t) {
      case DATE -> {
        int v = c.getInt(row);
        if (v != Integer.MIN_VALUE) {
          out.append(dev.kdbsql.storage.Temporals.date(v));
        }
      }
      case SYMBOL -> quoted(out, c.getSymbol(row));
      case CHAR -> {
        byte b = c.getByte(row);
        if (b != ' ') {
          quoted(out, String.valueOf((char) (b & 0xff)));
        }
      }
      case LONG, TIMESPAN -> {
        long v = c.getLong(row);
        if (v != Long.MIN_VALUE) {
          out.append(v);
        }
      }
      case INT -> {
        int v = c.getInt(row);
        if (v != Integer.MIN_VALUE) {
          out.append(v);
        }
      }
      case SHORT -> {
        short v = c.getShort(row);
        if (v != Short.MIN_VALUE) {
          out.append(v);
        }
      }
      case FLOAT -> {
        double v = c.getDouble(row);
        if (!Double.isNaN(v)) {
          out.append(v);
        }
      }
      default -> throw new IllegalArgumentException("type " + t + " in " + c.file());
    }
  }

  private static void quoted(StringBuilder out, String s) {
    if (s.isEmpty()) {
      return;
    }
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      out.append(ch);
      if (ch == '"') {
        out.append('"');
      }
    }
    out.append('"');
  }
}
