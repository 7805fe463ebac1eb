package dev.kdbsql.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Puts every engine's files in the operating system's page cache before the timed runs, so that
 * first runs compare engines from the same state. Without it the state depends on the order the
 * data was written in: loading DuckDB writes gigabytes of CSV, DuckDB and Parquet files after
 * the kdb+ files, which evicts the kdb+ files (the oldest) on a machine whose memory holds all
 * of them only just, and our first runs then read from disk what DuckDB's read from memory.
 */
final class PageCache {
  private PageCache() {}

  /** Reads every regular file under {@code roots} once; returns the bytes read. */
  static long warm(List<Path> roots) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocateDirect(8 << 20);
    long total = 0;
    for (Path root : roots) {
      if (!Files.exists(root)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(root)) {
        for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
          total += read(f, buffer);
        }
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
    }
    return total;
  }

  private static long read(Path file, ByteBuffer buffer) throws IOException {
    long position = 0;
    try (FileChannel ch = FileChannel.open(file)) {
      for (int n; (n = ch.read(buffer.clear(), position)) > 0; ) {
        position += n;
      }
    }
    return position;
  }
}
