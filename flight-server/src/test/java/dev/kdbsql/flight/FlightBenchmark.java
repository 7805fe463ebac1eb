package dev.kdbsql.flight;

import dev.kdbsql.arrow.IpcFormat;
import dev.kdbsql.arrow.TransferListener;
import dev.kdbsql.arrow.export.ArrowIpcWriter;
import dev.kdbsql.arrow.export.SqlExport;
import dev.kdbsql.storage.Database;
import dev.kdbsql.storage.write.DatabaseWriter;
import dev.kdbsql.storage.write.WriteOptions;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Streaming a query's result to a Java Flight client against exporting the same rows to an
 * Arrow file with arrow-bridge. Writes a 10-million-row splayed table of {@link TestDatabases}'
 * ticks once, then times, best of five after a warm-up, five of its columns (timestamp,
 * enumerated symbol, float, long, int) streamed by the server to Arrow's Flight SQL client in the
 * same JVM over loopback (every batch received and its buffers counted), and the same query
 * exported by {@code SqlExport} to an Arrow IPC file. Both read straight from the mapped columns;
 * the stream also decodes symbols to Utf8. Usage: {@code FlightBenchmark [DIR [ROWS]]}; run with
 * {@code --add-opens=java.base/java.nio=ALL-UNNAMED} and a few GB of heap for the generation.
 */
public final class FlightBenchmark {
  private FlightBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("kdbsql-flight");
    int rows = args.length > 1 ? Integer.parseInt(args[1]) : 10_000_000;
    Path db = dir.resolve("db");
    if (!Files.exists(db.resolve("trade/.d"))) {
      long t0 = System.nanoTime();
      DatabaseWriter.open(db).writeSplayed("trade", TestDatabases.ticks(rows, 42),
          WriteOptions.DEFAULT);
      System.out.printf(Locale.ROOT, "generated %,d rows in %.1f s%n", rows,
          (System.nanoTime() - t0) / 1e9);
    }
    String sql = "select time, sym, price, size, venue from trade";
    double flight = Double.MAX_VALUE;
    double file = Double.MAX_VALUE;
    long flightRows = 0;
    long flightBytes = 0;
    long fileBytes = 0;
    Path out = dir.resolve("trade.arrow");
    try (KdbFlightServer server = KdbFlightServer.start(ServerOptions.loopback(db)
        .withCredentials(Servers.options(db).credentials()));
        RawClient client = new RawClient(server.port());
        BufferAllocator allocator = new RootAllocator();
        Database hints = Database.open(db);
        Connection c = DriverManager.getConnection("jdbc:kdb:" + db)) {
      for (int run = 0; run < 6; run++) {
        long t0 = System.nanoTime();
        long n = 0;
        long bytes = 0;
        FlightInfo info = client.sql.execute(sql, client.token);
        try (FlightStream s = client.sql.getStream(info.getEndpoints().get(0).getTicket(),
            client.token)) {
          while (s.next()) {
            VectorSchemaRoot root = s.getRoot();
            n += root.getRowCount();
            for (FieldVector v : root.getFieldVectors()) {
              bytes += v.getBufferSize();
            }
          }
        }
        double f = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        try (SqlExport e = SqlExport.open(c, sql, List.of(), hints, 65_536, allocator);
            FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
          fileBytes = ArrowIpcWriter.write(e.reader(), ch, IpcFormat.FILE,
              TransferListener.NONE).bytes();
        }
        double x = (System.nanoTime() - t1) / 1e9;
        if (n != rows) {
          throw new IllegalStateException("streamed " + n + " rows, not " + rows);
        }
        System.out.printf(Locale.ROOT, "run %d: Flight stream %.3f s, Arrow file %.3f s%n", run,
            f, x);
        if (run > 0) {
          flight = Math.min(flight, f);
          file = Math.min(file, x);
        }
        flightRows = n;
        flightBytes = bytes;
      }
    }
    System.out.printf(Locale.ROOT, "%,d rows x 5 columns (%s)%n", rows, sql);
    System.out.printf(Locale.ROOT,
        "Flight stream to a Java client: %.3f s (%.1f M rows/s, %.0f MB/s of Arrow buffers, "
            + "%,d bytes)%n", flight, flightRows / 1e6 / flight, flightBytes / 1e6 / flight,
        flightBytes);
    System.out.printf(Locale.ROOT,
        "arrow-bridge export to an Arrow file: %.3f s (%.1f M rows/s, %.0f MB/s, %,d bytes)%n",
        file, rows / 1e6 / file, fileBytes / 1e6 / file, fileBytes);
    System.out.printf(Locale.ROOT, "stream / file: %.2fx the time%n", flight / file);
    Files.deleteIfExists(out);
  }
}
