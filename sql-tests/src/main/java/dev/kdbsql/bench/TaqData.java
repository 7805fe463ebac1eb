package dev.kdbsql.bench;

import dev.kdbsql.sample.SampleDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Makes sure the benchmark directory holds the kdb+ sample of the requested size and the same rows
 * in DuckDB and Parquet. A {@code sizes} file written last records what was built; with
 * {@code --reuse} matching data is kept, anything else is deleted and built again (only the paths
 * this class creates are ever deleted).
 */
final class TaqData {
  static final long SEED = 42;
  static final List<String> TABLES = List.of("trade", "quote", "ref");
  /** The sample's version: 2 since {@code ref} has its BI columns (industry, listed, ...). */
  static final int DATA_VERSION = 2;

  private TaqData() {}

  /** Builds (or reuses) the data for {@code o}, printing what it did and how long it took. */
  static SampleDatabase prepare(BenchOptions o) throws IOException, SQLException {
    SampleDatabase sample = SampleDatabase.of(o.trades(), o.days(), SEED)
        .withQuotesPerTrade(o.quotesPerTrade());
    Path sizes = o.dir().resolve("sizes");
    String want = String.format(Locale.ROOT, "trades=%d quotesPerTrade=%d days=%d seed=%d"
        + " version=%d%n", o.trades(), o.quotesPerTrade(), o.days(), SEED, DATA_VERSION);
    if (o.reuse() && Files.exists(sizes) && Files.readString(sizes).equals(want)) {
      System.out.println("reusing " + o.dir() + " (" + want.trim() + ")");
      return sample;
    }
    for (Path p : List.of(sizes, o.kdbDir(), o.duckFile(), o.duckFile().resolveSibling(
        o.duckFile().getFileName() + ".wal"), o.parquetDir(), o.csvDir())) {
      deleteTree(p);
    }
    Files.createDirectories(o.dir());
    long t0 = System.nanoTime();
    SampleDatabase.Summary s = sample.writeTo(o.kdbDir());
    long t1 = System.nanoTime();
    System.out.printf(Locale.ROOT, "generated %,d trades and %,d quotes (%d dates, %d symbols)"
        + " in %.1f s%n", s.tradeRows(), s.quoteRows(), s.partitions(), s.symbols(),
        (t1 - t0) / 1e9);
    DuckDbLoader.load(o.kdbDir(), TABLES, o.csvDir(), o.duckFile(), o.parquetDir());
    deleteTree(o.csvDir());
    System.out.printf(Locale.ROOT, "loaded DuckDB (table and Parquet, via CSV) in %.1f s%n",
        (System.nanoTime() - t1) / 1e9);
    Files.writeString(sizes, want);
    return sample;
  }

  static void deleteTree(Path p) {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> all = Files.walk(p)) {
      for (Path f : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + p, e);
    }
  }
}
