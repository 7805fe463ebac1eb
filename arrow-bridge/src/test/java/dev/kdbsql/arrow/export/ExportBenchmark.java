package dev.kdbsql.arrow.export;

import dev.kdbsql.arrow.IpcFormat;
import dev.kdbsql.arrow.TransferListener;
import dev.kdbsql.storage.Database;
import dev.kdbsql.storage.KdbTable;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.Temporals;
import dev.kdbsql.storage.write.ColumnData;
import dev.kdbsql.storage.write.DatabaseWriter;
import dev.kdbsql.storage.write.TableData;
import dev.kdbsql.storage.write.WriteOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * Measures the table export against the floor it is judged by: a plain Java copy of a file of the
 * same size. Writes a 10-million-row, 5-column splayed table (timestamp, enumerated symbol,
 * float, long, int) with the storage writer once, then times the export to an Arrow IPC file and
 * {@code Files.copy} of that file (which the JDK may hand to the kernel) and a plain stream copy
 * ({@code InputStream.transferTo}), best of five each after a warm-up, all on a warm page cache.
 * Then exports filtered SQL scans of the table by the direct path and through JDBC rows
 * ({@link SqlExport}). Usage: {@code ExportBenchmark [DIR [ROWS]]}.
 */
public final class ExportBenchmark {
  private ExportBenchmark() {}

  public static void main(String[] args) throws IOException {
    Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("kdbsql-bench");
    int rows = args.length > 1 ? Integer.parseInt(args[1]) : 10_000_000;
    Path db = dir.resolve("db");
    if (!Files.exists(db.resolve("trade/.d"))) {
      long t0 = System.nanoTime();
      DatabaseWriter.open(db).writeSplayed("trade", table(rows), WriteOptions.DEFAULT);
      System.out.printf(Locale.ROOT, "generated %,d rows in %.1f s%n", rows,
          (System.nanoTime() - t0) / 1e9);
    }
    Path arrow = dir.resolve("trade.arrow");
    Path copy = dir.resolve("copy.bin");
    double export = Double.MAX_VALUE;
    double plain = Double.MAX_VALUE;
    double streamed = Double.MAX_VALUE;
    long bytes = 0;
    try (BufferAllocator allocator = new RootAllocator(); Database d = Database.open(db)) {
      KdbTable t = d.table("trade");
      for (int run = 0; run < 6; run++) {
        long t0 = System.nanoTime();
        try (ArrowReader reader = KdbArrow.tableReader(t, ExportOptions.ALL, allocator);
            FileChannel out = FileChannel.open(arrow, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
          bytes = ArrowIpcWriter.write(reader, out, IpcFormat.FILE, TransferListener.NONE).bytes();
        }
        double e = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        Files.copy(arrow, copy, StandardCopyOption.REPLACE_EXISTING);
        double c = (System.nanoTime() - t1) / 1e9;
        long t2 = System.nanoTime();
        try (InputStream in = Files.newInputStream(arrow);
            OutputStream out = Files.newOutputStream(copy)) {
          in.transferTo(out);
        }
        double s = (System.nanoTime() - t2) / 1e9;
        if (run > 0) {
          export = Math.min(export, e);
          plain = Math.min(plain, c);
          streamed = Math.min(streamed, s);
        }
      }
    }
    sqlScan(db, dir.resolve("query.arrow"));
    System.out.printf(Locale.ROOT, "%,d rows x 5 columns, %,d bytes of Arrow%n", rows, bytes);
    System.out.printf(Locale.ROOT, "export to Arrow file: %.3f s (%.0f MB/s, %.1f M rows/s)%n",
        export, bytes / 1e6 / export, rows / 1e6 / export);
    System.out.printf(Locale.ROOT, "Files.copy, same bytes: %.3f s (%.0f MB/s)%n", plain,
        bytes / 1e6 / plain);
    System.out.printf(Locale.ROOT, "InputStream.transferTo, same bytes: %.3f s (%.0f MB/s)%n",
        streamed, bytes / 1e6 / streamed);
    Files.deleteIfExists(copy);
  }

  /** The filtered SQL scan, direct path against JDBC rows, best of three after a warm-up. */
  private static void sqlScan(Path db, Path out) throws IOException {
    for (String sql : SQL) {
      double[] best = {Double.MAX_VALUE, Double.MAX_VALUE};
      long[] written = new long[2];
      try (BufferAllocator allocator = new RootAllocator(); Database hints = Database.open(db);
          Connection c = DriverManager.getConnection("jdbc:kdb:" + db)) {
        for (int run = 0; run < 4; run++) {
          for (int path = 0; path < 2; path++) {
            long t0 = System.nanoTime();
            try (SqlExport e = SqlExport.open(c, sql, List.of(), hints, 65_536, allocator,
                path == 0);
                FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
              if (e.path() != (path == 0 ? ExportPath.DIRECT_SCAN : ExportPath.JDBC_ROWS)) {
                throw new IllegalStateException(sql + ": " + e.path() + ", " + e.reason());
              }
              written[path] = ArrowIpcWriter.write(e.reader(), ch, IpcFormat.FILE,
                  TransferListener.NONE).rows();
            }
            if (run > 0) {
              best[path] = Math.min(best[path], (System.nanoTime() - t0) / 1e9);
            }
          }
        }
      } catch (java.sql.SQLException e) {
        throw new IOException(e);
      }
      System.out.printf(Locale.ROOT, "%s%n  %,d rows: direct %.3f s, JDBC rows %.3f s (%.1fx)%n",
          sql, written[0], best[0], best[1], best[1] / best[0]);
      if (written[0] != written[1]) {
        throw new IllegalStateException("paths disagree: " + written[0] + " / " + written[1]);
      }
    }
    Files.deleteIfExists(out);
  }

  private static final List<String> SQL = List.of(
      "select \"time\", \"sym\", \"price\", \"size\" from \"trade\" where \"venue\" < 4",
      "select \"time\", \"price\" from \"trade\" where \"sym\" in ('SYM1', 'SYM2', 'SYM3')",
      "select * from \"trade\" where \"size\" >= 100");

  private static TableData table(int rows) {
    Random r = new Random(42);
    long[] time = new long[rows];
    String[] sym = new String[rows];
    double[] price = new double[rows];
    long[] size = new long[rows];
    int[] venue = new int[rows];
    String[] names = new String[500];
    for (int i = 0; i < names.length; i++) {
      names[i] = "SYM" + i;
    }
    long start = Temporals.timestampValue(LocalDateTime.of(2024, 1, 2, 9, 30));
    for (int i = 0; i < rows; i++) {
      time[i] = start + i * 2_340_000L + r.nextInt(1000);
      sym[i] = names[r.nextInt(names.length)];
      price[i] = 100 + r.nextGaussian();
      size[i] = 100L * (1 + r.nextInt(50));
      venue[i] = r.nextInt(16);
    }
    return TableData.builder()
        .add("time", ColumnData.longs(KdbType.TIMESTAMP, time))
        .add("sym", ColumnData.symbols(sym))
        .add("price", ColumnData.doubles(KdbType.FLOAT, price))
        .add("size", ColumnData.longs(KdbType.LONG, size))
        .add("venue", ColumnData.ints(KdbType.INT, venue))
        .build();
  }
}
