package dev.kdbsql.arrow.ingest;

import dev.kdbsql.arrow.GeneratedStream;
import dev.kdbsql.arrow.TransferListener;
import java.nio.file.Path;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * Imports a {@link GeneratedStream} of {@code ROWS} rows into table {@code big} of database
 * {@code DIR}; run by {@link StreamingImportTest} in a JVM with a small heap. Usage:
 * {@code StreamingImportMain DIR ROWS}.
 */
public final class StreamingImportMain {
  private StreamingImportMain() {}

  public static void main(String[] args) throws Exception {
    long rows = Long.parseLong(args[1]);
    try (BufferAllocator allocator = new RootAllocator();
        GeneratedStream stream = new GeneratedStream(rows, 65_536, allocator)) {
      ArrowImport.Result r = ArrowImport.importTable(stream, Path.of(args[0]), "big", null,
          TransferListener.NONE);
      Runtime rt = Runtime.getRuntime();
      System.out.println("imported " + r.rows() + " rows; heap max " + rt.maxMemory() / 1_048_576
          + " MB");
    }
  }
}
