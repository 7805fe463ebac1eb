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

  /**
   * Builds (or reuses) the data for {@code o}, printing what it did and how long it took: the
   * kdb+ databases it asks for (with {@code p#} on sym, and without attributes), and the same
   * rows in DuckDB and Parquet. Each piece records the sizes it was built for in a file beside
   * it ({@code sizes} for DuckDB and Parquet, {@code kdb.sizes}, {@code kdb-plain.sizes}), so
   * {@code --reuse} keeps what matches and builds only what is missing.
   */
  static SampleDatabase prepare(BenchOptions o) throws IOException, SQLException {
    SampleDatabase sample = SampleDatabase.of(o.trades(), o.days(), SEED)
        .withQuotesPerTrade(o.quotesPerTrade());
    Path sizes = o.dir().resolve("sizes");
    String want = String.format(Locale.ROOT, "trades=%d quotesPerTrade=%d days=%d seed=%d"
        + " version=%d%n", o.trades(), o.quotesPerTrade(), o.days(), SEED, DATA_VERSION);
    boolean reuse = o.reuse() && Files.exists(sizes) && Files.readString(sizes).equals(want);
    if (!reuse) {
      for (Path p : List.of(sizes, marker(o.kdbDir()), marker(o.plainDir()), o.kdbDir(),
          o.plainDir(), o.duckFile(), o.duckFile().resolveSibling(
              o.duckFile().getFileName() + ".wal"), o.parquetDir(), o.csvDir())) {
        deleteTree(p);
      }
    } else {
      System.out.println("reusing " + o.dir() + " (" + want.trim() + ")");
    }
    Files.createDirectories(o.dir());
    // A database built by an earlier harness, before the markers: kept with its sizes file.
    if (reuse && Files.isDirectory(o.kdbDir()) && !Files.exists(marker(o.kdbDir()))) {
      Files.writeString(marker(o.kdbDir()), want);
    }
    if (o.parted()) {
      build(sample, o.kdbDir(), want, true);
    }
    if (o.plain()) {
      build(sample, o.plainDir(), want, false);
    }
    if (!reuse) {
      long t1 = System.nanoTime();
      Path source = o.parted() ? o.kdbDir() : o.plainDir();
      DuckDbLoader.load(source, TABLES, o.csvDir(), o.duckFile(), o.parquetDir());
      deleteTree(o.csvDir());
      System.out.printf(Locale.ROOT, "loaded DuckDB (table and Parquet, via CSV) in %.1f s%n",
          (System.nanoTime() - t1) / 1e9);
      Files.writeString(sizes, want);
    }
    return sample;
  }

  /** The file recording what the database at {@code db} was built for. */
  private static Path marker(Path db) {
    return db.resolveSibling(db.getFileName() + ".sizes");
  }

  /** Writes the sample to {@code db} ({@code p#} on sym or no attribute) unless it is there. */
  private static void build(SampleDatabase sample, Path db, String want, boolean parted)
      throws IOException {
    Path marker = marker(db);
    if (Files.exists(marker) && Files.readString(marker).equals(want)) {
      return;
    }
    deleteTree(marker);
    deleteTree(db);
    long t0 = System.nanoTime();
    SampleDatabase.Summary s = sample.withParted(parted).writeTo(db);
    System.out.printf(Locale.ROOT, "generated %,d trades and %,d quotes (%d dates, %d symbols,"
        + " %s) in %.1f s%n", s.tradeRows(), s.quoteRows(), s.partitions(), s.symbols(),
        parted ? "p# on sym" : "no attributes", (System.nanoTime() - t0) / 1e9);
    Files.writeString(marker, want);
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
